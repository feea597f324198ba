"""Fixtures shared by the surveys tests: the shipped questionnaire, two municipalities'
contacts, staff sending the invitations, and a mail server that refuses the addresses a
test names."""

import pytest

from tests.factories import ContactFactory, load_questionnaire
from tests.surveys.helpers import FailingBackend


@pytest.fixture
def questionnaire(db):
    return load_questionnaire()


@pytest.fixture
def contacts(municipality, other_municipality):
    return [
        ContactFactory(municipality=municipality, name="Karin Ek", email="karin@kommun-a.example"),
        ContactFactory(
            municipality=other_municipality, name="Olle Berg", email="olle@kommun-b.example"
        ),
    ]


@pytest.fixture
def send(client_of, alice, django_capture_on_commit_callbacks):
    """send(survey_round) -> the page after alice clicks "Skicka inbjudningar"; workers run."""

    def click(survey_round, follow=True):
        with django_capture_on_commit_callbacks(execute=True):
            return client_of(alice).post(
                f"/omgangar/{survey_round.year}/inbjudningar/skicka/", follow=follow
            )

    return click


@pytest.fixture
def failing_mail(settings):
    settings.EMAIL_BACKEND = "tests.surveys.helpers.FailingBackend"
    FailingBackend.refused = set()
    FailingBackend.attempts = []
    return FailingBackend
