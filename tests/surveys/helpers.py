"""Helpers for the surveys tests and those that build on them (no tests of their own): an
open round, an invitation, last year's answers, a browser-like way to load a cornerstone
page and post it back, and the invitation mails (their links, who got them, a mail server
that refuses some addresses)."""

import datetime
import re
import smtplib

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
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
from surveys.services import round_create, round_open
from surveys.services.invitations import invitation_token, invitations_create
from tests.factories import ContactFactory, load_questionnaire

YEAR = 2025
CODE = "9001"
LINK = re.compile(r"https?://\S+/inbjudan/(?P<token>[0-9a-f]+)/")
# A CSV file of earlier rounds' responses, as import_responses reads it.
CORNERSTONE_SIZES = [("SL", 5), ("SI", 4), ("FK", 6), ("IT", 4)]
CODES = [f"{prefix}{n}" for prefix, size in CORNERSTONE_SIZES for n in range(1, size + 1)]
PERSON = ["municipality_code", "respondent_name", "respondent_email", "respondent_role"]
HEADER = ",".join(PERSON + CODES)
ALL_THREES = ["3"] * len(CODES)
RESPONDENT = {"name": "Karin Kommunchef", "email": "karin@kommun-a.example", "role": "kommunchef"}


def answering_round() -> SurveyRound:
    survey_round = round_create(
        year=YEAR,
        questionnaire=load_questionnaire(),
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


def invitation_of(municipality) -> Invitation:
    """The municipality's live invitation (not one replaced by a hand-over or a new address)."""
    return Invitation.objects.get(municipality=municipality, revoked_at__isnull=True)


def token_in(message: mail.EmailMessage) -> str:
    found = LINK.search(message.body)
    assert found, f"no invitation link in: {message.body}"
    return found["token"]


def mails_to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if any(address in to for to in m.to)]


class FailingBackend(EmailBackend):
    """Like the test outbox, but the SMTP server refuses the addresses in `refused`."""

    refused: set[str] = set()
    attempts: list[str] = []

    def send_messages(self, messages):
        for message in messages:
            FailingBackend.attempts.append(message.to[0])
            if any(address in to for to in message.to for address in self.refused):
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"Mailbox unavailable")})
        return super().send_messages(messages)


def row(
    code="9001", name="Anna Ek", email="anna@kommun.example", role="kommunchef", values=None
) -> str:
    return ",".join([code, name, email, role, *(values or ALL_THREES)])


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    """The rows under the header, as an uploaded or imported file."""
    return "\n".join([header, *rows]).encode() + b"\n"
