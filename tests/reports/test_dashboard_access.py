"""dashboard_access: the one check every dashboard view goes through."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import Http404
from django.test import RequestFactory

from reports.access import SignInRequired, dashboard_access
from tests.factories import SurveyRoundFactory

pytestmark = pytest.mark.django_db


def request_of(user=None):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    return request


@pytest.fixture
def survey_round(db):
    return SurveyRoundFactory(year=2025)


def test_a_member_sees_their_municipality_as_a_member(survey_round, municipality, bob):
    access = dashboard_access(request_of(bob), 2025, "9001")

    assert access == (survey_round, municipality, False)


def test_staff_see_any_municipality_as_staff(survey_round, other_municipality, alice):
    survey_round_, municipality, viewer_is_staff = dashboard_access(request_of(alice), 2025, "9002")

    assert (survey_round_, municipality, viewer_is_staff) == (
        survey_round,
        other_municipality,
        True,
    )


@pytest.mark.parametrize(("year", "code"), [(2025, "9002"), (2025, "0000"), (2024, "9001")])
def test_everyone_else_gets_404(survey_round, other_municipality, bob, year, code):
    with pytest.raises(Http404):
        dashboard_access(request_of(bob), year, code)


def test_anonymous_without_invitation_is_asked_to_sign_in(survey_round, municipality):
    with pytest.raises(SignInRequired):
        dashboard_access(request_of(), 2025, "9001")
