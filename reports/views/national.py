"""The national report: for national staff the internal version (the figures as computed
now, small groups marked); once a round is published, the public version for everyone,
anonymous visitors included, with its PDF, Excel and open data (docs/figures.md)."""

import io
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from common.pdf import language, pdf_cache_key, pdf_download
from municipalities.access import is_national_staff, national_staff_required
from reports.access import SignInRequired
from reports.charts.national import (
    SVG_HEIGHT,
    SVG_LEFT,
    SVG_WIDTH,
    distribution_summary,
    distribution_svg,
    national_charts,
)
from reports.exports.national import group_rows, national_pdf, national_report_sheets, national_rows
from reports.exports.sheets import csv_write, xlsx_bytes
from reports.forms import RepublishForm
from reports.models import SnapshotKind
from reports.observations.national import national_observations
from reports.selectors.national import NationalReport, national_report, publications, report_rounds
from reports.selectors.snapshots import current_snapshot_id, publication_outdated
from reports.services import PublicationError, round_republish
from surveys.models import RoundStatus, SurveyRound

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


@national_staff_required
def national_list(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/national_list.html", {"rounds": report_rounds()})


def _round(year: int) -> SurveyRound:
    return get_object_or_404(SurveyRound.objects.select_related("previous_round"), year=year)


def _version(request: HttpRequest, year: int) -> tuple[SurveyRound, bool]:
    """The round, and whether the viewer gets the internal version (national staff) or
    the public one (everyone, once the round is published). Before publication anyone
    else is sent to log in, or refused."""
    survey_round = _round(year)
    if is_national_staff(request.user):
        return survey_round, True
    if survey_round.status == RoundStatus.PUBLISHED:
        return survey_round, False
    if not request.user.is_authenticated:
        raise SignInRequired
    raise PermissionDenied


def _public_round(year: int) -> SurveyRound:
    """A published round, for its public version; nothing else has one."""
    survey_round = _round(year)
    if survey_round.status != RoundStatus.PUBLISHED:
        raise Http404(_("Omgången är inte publicerad, så det finns ingen offentlig version."))
    return survey_round


def _versioned(view):
    """Anonymous visitors to a round that is not published go to the login page."""

    @wraps(view)
    def wrapped(request: HttpRequest, year: int) -> HttpResponse:
        try:
            survey_round, internal = _version(request, year)
        except SignInRequired:
            return redirect_to_login(request.get_full_path())
        return view(request, survey_round, internal=internal)

    return wrapped


def _context(report: NationalReport, *, internal: bool) -> dict:
    survey_round = report.survey_round
    context = {
        "report": report,
        "survey_round": survey_round,
        "table": report.table,
        "years": report.table.header_years,
        "previous_label": report.table.previous_year or _("föregående"),
        "observations": national_observations(report),
        "summary": distribution_summary(report.distribution),
        "threshold": settings.SMALL_GROUP_THRESHOLD,
        "internal": internal,
        "published": survey_round.status == RoundStatus.PUBLISHED,
        "publications": publications(survey_round),
        "licence": settings.OPEN_DATA_LICENCE,
        "licence_url": settings.OPEN_DATA_LICENCE_URL,
        "source": settings.OPEN_DATA_SOURCE,
    }
    if internal:
        context["outdated"] = publication_outdated(survey_round)
    return context


def _page(request: HttpRequest, survey_round: SurveyRound, *, internal: bool) -> HttpResponse:
    report = national_report(survey_round=survey_round, viewer_is_staff=internal)
    context = _context(report, internal=internal) | {"charts": national_charts(report)}
    return render(request, "reports/national.html", context)


def _pdf(request: HttpRequest, survey_round: SurveyRound, *, internal: bool) -> HttpResponse:
    """Made once per snapshot, version and language (emognad/pdf.py), then read from the
    cache: a public PDF is open to anyone, so asking again must cost nothing."""
    kind = SnapshotKind.COMPUTED if internal else SnapshotKind.PUBLISHED
    key = pdf_cache_key(
        "national_report_pdf",
        current_snapshot_id(survey_round.pk, kind=kind),
        language(),
        "internal" if internal else "public",
    )
    return pdf_download(
        request,
        key=key,
        make=lambda: _pdf_bytes(request, survey_round, internal=internal),
        filename=_filename(survey_round, internal, "pdf"),
    )


def _pdf_bytes(request: HttpRequest, survey_round: SurveyRound, *, internal: bool) -> bytes:
    report = national_report(survey_round=survey_round, viewer_is_staff=internal)
    context = _context(report, internal=internal) | {
        "svg": distribution_svg(report),
        "svg_size": {"left": SVG_LEFT, "width": SVG_WIDTH, "height": SVG_HEIGHT},
    }
    return national_pdf(request, context)


def _excel(request: HttpRequest, survey_round: SurveyRound, *, internal: bool) -> HttpResponse:
    report = national_report(survey_round=survey_round, viewer_is_staff=internal)
    note = _("Internt underlag – innehåller små grupper") if internal else _licence_note()
    data = xlsx_bytes(national_report_sheets(report, note=note))
    return _download(data, XLSX, _filename(survey_round, internal, "xlsx"))


def _filename(survey_round: SurveyRound, internal: bool, extension: str) -> str:
    version = "internt-underlag" if internal else "offentlig"
    return f"e-mognad-{survey_round.year}-nationell-rapport-{version}.{extension}"


def _licence_note() -> str:
    return _("Källa: %(source)s. Licens: %(licence)s (%(url)s).") % {
        "source": settings.OPEN_DATA_SOURCE,
        "licence": settings.OPEN_DATA_LICENCE,
        "url": settings.OPEN_DATA_LICENCE_URL,
    }


@_versioned
def national_report_page(request, survey_round, *, internal):
    return _page(request, survey_round, internal=internal)


@_versioned
def national_report_pdf(request, survey_round, *, internal):
    return _pdf(request, survey_round, internal=internal)


@_versioned
def national_report_excel(request, survey_round, *, internal):
    return _excel(request, survey_round, internal=internal)


def national_public_page(request: HttpRequest, year: int) -> HttpResponse:
    """The public version, for national staff to read (and anyone else) as it goes out."""
    return _page(request, _public_round(year), internal=False)


def national_public_pdf(request: HttpRequest, year: int) -> HttpResponse:
    return _pdf(request, _public_round(year), internal=False)


def national_public_excel(request: HttpRequest, year: int) -> HttpResponse:
    return _excel(request, _public_round(year), internal=False)


def _open_data(sheet, filename: str) -> HttpResponse:
    stream = io.StringIO()
    csv_write(sheet, stream)
    response = _download(stream.getvalue().encode("utf-8"), CSV, filename)
    response["Link"] = f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'
    return response


def national_open_table(request: HttpRequest, year: int) -> HttpResponse:
    """Open data: the national table, as `export_national` writes it, from the public
    version (small groups empty)."""
    report = national_report(survey_round=_public_round(year), viewer_is_staff=False)
    return _open_data(national_rows(report.table), f"e-mognad-{year}-riket.csv")


def national_open_groups(request: HttpRequest, year: int) -> HttpResponse:
    """Open data: every group's figure with its n (one row per group and code)."""
    report = national_report(survey_round=_public_round(year), viewer_is_staff=False)
    return _open_data(group_rows(report), f"e-mognad-{year}-grupper.csv")


@national_staff_required
def national_republish(request: HttpRequest, year: int) -> HttpResponse:
    """Publish a published round's figures again, with a reason that the report shows."""
    survey_round = _round(year)
    form = RepublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            round_republish(
                survey_round=survey_round, by=request.user, reason=form.cleaned_data["reason"]
            )
        except PublicationError as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("Omgång %(year)s är publicerad igen.") % {"year": year})
            return redirect("national_report", year=year)
    context = {
        "survey_round": survey_round,
        "outdated": publication_outdated(survey_round),
        "published": survey_round.status == RoundStatus.PUBLISHED,
        "form": form,
    }
    return render(request, "reports/national_republish.html", context)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
