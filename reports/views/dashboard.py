"""A municipality's dashboard for a round: the page, and the same as PDF and Excel."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.cache import cache_get, cache_set
from common.pdf import language, pdf_cache_key, pdf_download
from reports.access import (
    SignInRequired,
    Viewer,
    dashboard_access,
    dashboard_round,
    dashboard_viewer,
)
from reports.charts.dashboard import dashboard_charts, peers_table
from reports.exports.dashboard import dashboard_pdf as pdf_bytes
from reports.exports.dashboard import dashboard_xlsx
from reports.observations.dashboard import dashboard_observations
from reports.presentation import change_text, suppression_note
from reports.selectors.dashboard import (
    Dashboard,
    DashboardState,
    dashboard_state,
    municipality_dashboard,
)

# A new snapshot changes the key; the timeout only bounds what an unchanged one keeps.
DASHBOARD_CACHE_SECONDS = 60 * 60
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

DashboardView = Callable[[HttpRequest, Dashboard], HttpResponse]


def _dashboard_view(view: DashboardView) -> Callable[..., HttpResponse]:
    """Check access, read the dashboard, and hand both to the view."""

    @wraps(view)
    @never_cache
    @require_GET
    def wrapped(request: HttpRequest, year: int, code: str) -> HttpResponse:
        try:
            access = dashboard_access(request, year, code)
        except SignInRequired:
            return redirect_to_login(request.get_full_path())
        dashboard = municipality_dashboard(
            survey_round=access.survey_round,
            municipality=access.municipality,
            viewer_is_staff=access.viewer_is_staff,
        )
        return view(request, dashboard)

    return wrapped


def _context(dashboard: Dashboard) -> dict:
    return {
        "dashboard": dashboard,
        "survey_round": dashboard.survey_round,
        "municipality": dashboard.municipality,
        "observations": dashboard_observations(dashboard),
        "peers": peers_table(dashboard),
        "total_change": change_text(dashboard.total.value, dashboard.total.previous),
        "suppression_note": suppression_note(),
        "threshold": settings.SMALL_GROUP_THRESHOLD,
        "charts": dashboard_charts(dashboard),
    }


@never_cache
@require_GET
def dashboard_page(request: HttpRequest, year: int, code: str) -> HttpResponse:
    try:
        viewer = dashboard_viewer(request, year, code)
    except SignInRequired:
        return redirect_to_login(request.get_full_path())
    state = dashboard_state(year=year, municipality=viewer.municipality)
    if not state.submitted:
        survey_round = dashboard_round(year)
        context = {
            "survey_round": survey_round,
            "municipality": viewer.municipality,
            "can_answer": not viewer.viewer_is_staff and survey_round.is_open,
        }
        return render(request, "reports/dashboard_not_submitted.html", context)
    context = {"year": year, "municipality": viewer.municipality, "state": state}
    return render(
        request, "reports/dashboard.html", {**context, "body": _body(viewer, year, state)}
    )


def _body(viewer: Viewer, year: int, state: DashboardState) -> str:
    """The page's figures, rendered once per snapshot, municipality, audience and language;
    the round is read only then."""
    key = ":".join(
        [
            "dashboard",
            *state.snapshots,
            str(viewer.municipality.pk),
            "staff" if viewer.viewer_is_staff else "member",
            get_language() or settings.LANGUAGE_CODE,
        ]
    )
    body = cache_get(key)
    if body is None:
        dashboard = municipality_dashboard(
            survey_round=dashboard_round(year),
            municipality=viewer.municipality,
            viewer_is_staff=viewer.viewer_is_staff,
        )
        body = render_to_string("reports/dashboard_body.html", _context(dashboard))
        cache_set(key, body, timeout=DASHBOARD_CACHE_SECONDS)
    return mark_safe(body)  # rendered by our own template above


def _download(dashboard: Dashboard, content: bytes, content_type: str, ext: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    filename = f"e-mognad-resultat-{dashboard.survey_round.year}-{dashboard.municipality.code}"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{ext}"'
    return response


def _back_to_page(dashboard: Dashboard) -> HttpResponse:
    """Nothing to download yet: the page says why (not submitted, or being computed)."""
    return redirect(
        "municipality_dashboard", dashboard.survey_round.year, dashboard.municipality.code
    )


@never_cache
@require_GET
def dashboard_pdf(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """Made once per snapshot, municipality, audience and language (emognad/pdf.py): like
    the page, it reads its fresh state first and the figures only when it is not cached."""
    try:
        viewer = dashboard_viewer(request, year, code)
    except SignInRequired:
        return redirect_to_login(request.get_full_path())
    state = dashboard_state(year=year, municipality=viewer.municipality)
    if not state.computed:  # the page says why: not submitted, or being computed
        return redirect("municipality_dashboard", year, viewer.municipality.code)
    key = pdf_cache_key(
        "dashboard_pdf",
        "+".join(state.snapshots),
        language(),
        viewer.municipality.pk,
        "staff" if viewer.viewer_is_staff else "member",
    )
    return pdf_download(
        request,
        key=key,
        make=lambda: _dashboard_pdf(request, viewer, year),
        filename=f"e-mognad-resultat-{year}-{viewer.municipality.code}.pdf",
    )


def _dashboard_pdf(request: HttpRequest, viewer: Viewer, year: int) -> bytes:
    dashboard = municipality_dashboard(
        survey_round=dashboard_round(year),
        municipality=viewer.municipality,
        viewer_is_staff=viewer.viewer_is_staff,
    )
    return pdf_bytes(request, _context(dashboard))


@_dashboard_view
def dashboard_excel(request: HttpRequest, dashboard: Dashboard) -> HttpResponse:
    if not dashboard.computed:
        return _back_to_page(dashboard)
    return _download(dashboard, dashboard_xlsx(dashboard), XLSX, "xlsx")
