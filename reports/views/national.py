"""The national report for national staff: the page, and the same report as PDF and Excel."""

import weasyprint
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from emognad.pdf import language, pdf_cache_key, pdf_download
from municipalities.access import is_national_staff, national_staff_required
from reports.exports import national_report_sheets, xlsx_bytes
from reports.national_charts import (
    SVG_HEIGHT,
    SVG_LEFT,
    SVG_WIDTH,
    distribution_summary,
    distribution_svg,
    national_charts,
)
from reports.selectors.national import (
    NationalReport,
    national_observations,
    national_report,
    report_rounds,
)
from reports.selectors.snapshots import current_snapshot_id
from surveys.models import SurveyRound

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@national_staff_required
def national_list(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/national_list.html", {"rounds": report_rounds()})


def _round(year: int) -> SurveyRound:
    return get_object_or_404(SurveyRound.objects.select_related("previous_round"), year=year)


def _report(request: HttpRequest, year: int, survey_round: SurveyRound | None = None):
    return national_report(
        survey_round=survey_round or _round(year),
        viewer_is_staff=is_national_staff(request.user),
    )


def _context(report: NationalReport) -> dict:
    return {
        "report": report,
        "survey_round": report.survey_round,
        "table": report.table,
        "years": report.table.header_years,
        "previous_label": report.table.previous_year or _("föregående"),
        "observations": national_observations(report),
        "summary": distribution_summary(report.distribution),
        "threshold": settings.SMALL_GROUP_THRESHOLD,
    }


@national_staff_required
def national_report_page(request: HttpRequest, year: int) -> HttpResponse:
    report = _report(request, year)
    context = _context(report) | {"charts": national_charts(report)}
    return render(request, "reports/national.html", context)


@national_staff_required
def national_report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """Made once per snapshot and language (emognad/pdf.py), then read from the cache."""
    survey_round = _round(year)
    key = pdf_cache_key("national_report_pdf", current_snapshot_id(survey_round.pk), language())
    return pdf_download(
        request,
        key=key,
        make=lambda: _national_pdf(request, survey_round),
        filename=f"e-mognad-{year}-nationell-rapport.pdf",
    )


def _national_pdf(request: HttpRequest, survey_round: SurveyRound) -> bytes:
    report = _report(request, survey_round.year, survey_round)
    context = _context(report) | {
        "generated_at": timezone.localtime(),
        "svg": distribution_svg(report),
        "svg_size": {"left": SVG_LEFT, "width": SVG_WIDTH, "height": SVG_HEIGHT},
    }
    html = render_to_string("reports/national_pdf.html", context, request=request)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf(
        pdf_variant="pdf/ua-1"
    )


@national_staff_required
def national_report_excel(request: HttpRequest, year: int) -> HttpResponse:
    data = xlsx_bytes(national_report_sheets(_report(request, year)))
    return _download(data, XLSX, f"e-mognad-{year}-nationell-rapport.xlsx")


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
