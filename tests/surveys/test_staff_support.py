"""Helpers for the tests of rounds, invitations and staff pages (no tests of its own)."""

import datetime
import re
import smtplib

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from surveys.models import Questionnaire, RoundStatus, SurveyRound
from surveys.services import questionnaire_files, questionnaire_load

LINK = re.compile(r"https?://\S+/inbjudan/(?P<token>[0-9a-f]+)/")


def load_questionnaire() -> Questionnaire:
    return questionnaire_load(path=questionnaire_files()[0])[0]


def make_round(
    *,
    year: int = 2026,
    status: str = RoundStatus.DRAFT,
    questionnaire: Questionnaire | None = None,
    closes_in_days: int = 30,
    previous_round: SurveyRound | None = None,
) -> SurveyRound:
    today = timezone.localdate()
    return SurveyRound.objects.create(
        year=year,
        questionnaire=questionnaire or load_questionnaire(),
        status=status,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=closes_in_days),
        previous_round=previous_round,
    )


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
