"""Who may see a municipality's dashboard for a round.

Members of the municipality, national staff (every municipality), and the respondent who
came by the round's invitation link for that municipality. Everyone else gets a 404, like
any outsider; an anonymous visitor without such a link is asked to sign in first.
"""

from typing import NamedTuple

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from municipalities.access import is_national_staff, municipalities_for_user
from municipalities.models import Municipality
from surveys.access import session_invitation
from surveys.models import SurveyRound

# The rounds' plausible years (SurveyRound's check constraint): a year outside them is a 404
# before it reaches the database.
YEARS = range(2000, 2101)


class SignInRequired(Exception):
    """Anonymous, and no invitation for this page: sign in and come back."""


class DashboardAccess(NamedTuple):
    survey_round: SurveyRound
    municipality: Municipality
    viewer_is_staff: bool


class Viewer(NamedTuple):
    municipality: Municipality
    viewer_is_staff: bool


def dashboard_viewer(request: HttpRequest, year: int, code: str) -> Viewer:
    """The municipality if this request may see its results for the year; else 404.

    The round itself is not read here: a page that can do without it (the cached
    dashboard) saves the query.
    """
    if year not in YEARS:
        raise Http404
    invitation = session_invitation(request)
    if invitation and (invitation.round.year, invitation.municipality.code) == (year, code):
        municipality = Municipality.objects.select_related("county").get(
            pk=invitation.municipality_id
        )
        return Viewer(municipality, viewer_is_staff=False)
    if not request.user.is_authenticated:
        if invitation is None:
            raise SignInRequired
        raise Http404
    municipality = municipalities_for_user(request.user).filter(code=code).first()
    if municipality is None:
        raise Http404
    return Viewer(municipality, is_national_staff(request.user))


def dashboard_round(year: int) -> SurveyRound:
    return get_object_or_404(SurveyRound.objects.select_related("previous_round"), year=year)


def dashboard_access(request: HttpRequest, year: int, code: str) -> DashboardAccess:
    """The round, the municipality and whether the viewer is national staff; else 404."""
    viewer = dashboard_viewer(request, year, code)
    return DashboardAccess(dashboard_round(year), viewer.municipality, viewer.viewer_is_staff)
