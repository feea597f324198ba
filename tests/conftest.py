"""Fixed users, as in healthchecks' hc/test.py: alice is national staff, bob answers for
his municipality (Uppsala-like "Testkommun A"), charlie for another one."""

import datetime

import pytest
from django.utils import translation

from surveys.models import RoundStatus
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    MunicipalityFactory,
    SurveyRoundFactory,
    UserFactory,
    make_national_staff,
)


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def municipality(db):
    return MunicipalityFactory(code="9001", name="Testkommun A", population=45_000)


@pytest.fixture
def other_municipality(db):
    return MunicipalityFactory(code="9002", name="Testkommun B", population=8_000)


@pytest.fixture
def alice(db):
    return make_national_staff(
        UserFactory(email="alice@skr.example", first_name="Alice", last_name="Andersson")
    )


@pytest.fixture
def bob(municipality):
    user = UserFactory(email="bob@kommun-a.example", first_name="Bob", last_name="Berg")
    MembershipFactory(user=user, municipality=municipality)
    return user


@pytest.fixture
def charlie(other_municipality):
    user = UserFactory(email="charlie@kommun-b.example", first_name="Charlie", last_name="Ceder")
    MembershipFactory(user=user, municipality=other_municipality)
    return user


@pytest.fixture
def open_round(db):
    """The round open today: opened yesterday, answers due 30 April 2030 (the day the
    invitations name). A test that needs another last day sets it."""
    return SurveyRoundFactory(
        current=True, status=RoundStatus.OPEN, closes_on=datetime.date(2030, 4, 30)
    )


@pytest.fixture
def client_of(client):
    """client_of(user) -> a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves its language active in the thread: each test starts in
    the site's default (Swedish), whatever the one before it asked for."""
    yield
    translation.deactivate()
