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


def dashboard_access(request: HttpRequest, year: int, code: str) -> DashboardAccess:
    """The round, the municipality and whether the viewer is national staff; else 404."""
    if year not in YEARS:
        raise Http404
    survey_round = get_object_or_404(
        SurveyRound.objects.select_related("previous_round"), year=year
    )
    invitation = session_invitation(request)
    page = (survey_round.pk, code)
    if invitation and (invitation.round_id, invitation.municipality.code) == page:
        municipality = Municipality.objects.select_related("county").get(
            pk=invitation.municipality_id
        )
        return DashboardAccess(survey_round, municipality, viewer_is_staff=False)
    if not request.user.is_authenticated:
        if invitation is None:
            raise SignInRequired
        raise Http404
    municipality = municipalities_for_user(request.user).filter(code=code).first()
    if municipality is None:
        raise Http404
    return DashboardAccess(survey_round, municipality, is_national_staff(request.user))
