"""Helpers for the answering tests (no tests of its own): an open round, an invitation, last
year's answers, and a browser-like way to load a cornerstone page and post it back."""

import datetime

from django.urls import reverse

from municipalities.models import Municipality
from surveys.models import (
    Answer,
    Indicator,
    Invitation,
    Response,
    ResponseStatus,
    RoundStatus,
    SurveyRound,
)
from surveys.services import questionnaire_files, questionnaire_load, round_create, round_open
from surveys.services.invitations import invitation_token, invitations_create
from tests.factories import ContactFactory

YEAR = 2025
CODE = "9001"
RESPONDENT = {"name": "Karin Kommunchef", "email": "karin@kommun-a.example", "role": "kommunchef"}


def open_round() -> SurveyRound:
    survey_round = round_create(
        year=YEAR,
        questionnaire=questionnaire_load(path=questionnaire_files()[0])[0],
        opens_on=datetime.date(YEAR, 3, 1),
        closes_on=datetime.date(YEAR, 4, 30),
    )
    return round_open(survey_round=survey_round)


def invite(survey_round: SurveyRound, municipality: Municipality) -> Invitation:
    ContactFactory(municipality=municipality, name="Karin Kommunchef", email=RESPONDENT["email"])
    invitations_create(survey_round=survey_round)
    return survey_round.invitations.get(municipality=municipality)


def answer_last_year(survey_round: SurveyRound, municipality: Municipality, **values) -> Response:
    """A submitted response of the year before, made the round's comparison."""
    previous = SurveyRound.objects.create(
        year=YEAR - 1,
        questionnaire=survey_round.questionnaire,
        status=RoundStatus.CLOSED,
        opens_on=datetime.date(YEAR - 1, 3, 1),
        closes_on=datetime.date(YEAR - 1, 4, 30),
    )
    SurveyRound.objects.filter(pk=survey_round.pk).update(previous_round=previous)
    survey_round.refresh_from_db()
    response = Response.objects.create(
        round=previous,
        municipality=municipality,
        status=ResponseStatus.SUBMITTED,
        submitted_at=datetime.datetime(YEAR - 1, 4, 1, tzinfo=datetime.UTC),
    )
    for code, value in values.items():
        Answer.objects.create(
            response=response,
            indicator=Indicator.objects.get(
                code=code, cornerstone__questionnaire=survey_round.questionnaire
            ),
            value=value,
        )
    return response


def link(invitation) -> str:
    return reverse("invitation_enter", kwargs={"token": invitation_token(invitation)})


def url(name: str, **kwargs) -> str:
    return reverse(name, kwargs={"year": YEAR, "code": CODE, **kwargs})


def page(number: int) -> str:
    return url("answer_cornerstone", number=number)


def enter_and_start(client, invitation, **respondent):
    client.get(link(invitation))
    return client.post(url("answer_start"), RESPONDENT | respondent)


def loaded(client, number: int) -> dict[str, str]:
    """What a browser would post back from the page untouched."""
    return as_posted(client.get(page(number)).context["form"])


def answer_all(client, state: str) -> None:
    """Answer every question on every cornerstone page with the same state."""
    for number in range(1, 5):
        data = loaded(client, number)
        codes = [name.removesuffix("-version") for name in data if name.endswith("-version")]
        client.post(page(number), data | {f"{code}-state": state for code in codes})


def as_posted(form) -> dict[str, str]:
    """Every field of the form as shown; a radio group with nothing chosen is not sent."""
    data = {name: form[name].value() for name in form.fields}
    return {
        name: "" if value is None else str(value)
        for name, value in data.items()
        if value not in (None, "") or not name.endswith("-state")
    }


def official(municipality) -> Response:
    return Response.objects.get(round__year=YEAR, municipality=municipality)


def answer_of(municipality, code: str) -> Answer | None:
    return Answer.objects.filter(
        response__round__year=YEAR, response__municipality=municipality, indicator__code=code
    ).first()
