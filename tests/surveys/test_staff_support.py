"""Helpers for the tests of rounds, invitations and staff pages (no tests of its own)."""

import re
import smtplib

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

LINK = re.compile(r"https?://\S+/inbjudan/(?P<token>[0-9a-f]+)/")


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
