"""The respondent's own answers as a PDF, for their records (at most so many new PDFs per
visitor in a few minutes, emognad/pdf.py)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.pdf import pdf_download
from surveys.access import answer_or_staff_access
from surveys.models import Response, ResponseStatus
from surveys.selectors.answering import official_response, review_sections


@never_cache
@require_GET
def answer_pdf(request: HttpRequest, year: int, code: str) -> HttpResponse:
    access = answer_or_staff_access(request, year, code)
    survey_round, municipality = access.survey_round, access.municipality
    response = official_response(survey_round, municipality)
    context = {
        "survey_round": survey_round,
        "municipality": municipality,
        "response": response,
        "status": _status(response),
        "sections": review_sections(
            survey_round=survey_round, municipality=municipality, response=response
        ),
        "generated_at": timezone.localtime(),
    }
    # Not cached: it prints the answers as they are now, which change with every save.
    return pdf_download(
        request,
        key=None,
        make=lambda: _pdf(render_to_string("surveys/pdf/answers.html", context, request=request)),
        filename=f"e-mognad-{survey_round.year}-{municipality.code}.pdf",
    )


def _pdf(html: str) -> bytes:
    # Imported here: WeasyPrint parses its stylesheets (and logs it) on import, which every
    # process that loads the URLs, each management command included, would otherwise pay.
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR / "static"))
    return document.write_pdf(pdf_variant="pdf/ua-1")  # tagged, for screen readers


def _status(response: Response | None) -> str:
    if response is None:
        return _("Inte påbörjat")
    if response.status == ResponseStatus.SUBMITTED:
        submitted = formats.date_format(timezone.localtime(response.submitted_at), "j F Y")
        return _("Inskickat %(date)s") % {"date": submitted}
    return _("Utkast")
