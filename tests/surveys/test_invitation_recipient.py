"""A mail that failed for a bad recipient is corrected by staff: the status page says why
it failed in plain Swedish, the recipient is edited and the invitation sent again. A link
that may have reached the wrong person is replaced; bad input changes nothing."""

import smtplib

import pytest
from django.core import mail
from django.core.mail import BadHeaderError
from django.utils import timezone

from municipalities.models import Contact
from surveys.models import FailureKind, Invitation, MailKind
from surveys.services import round_close
from surveys.services.invitations import failure_kind
from tests.surveys.helpers import invitation_of, token_in

pytestmark = pytest.mark.django_db

RECIPIENT_FAILED = (
    "Mottagarens adress eller namn gick inte att skicka till. Rätta mottagaren och skicka igen."
)
ONE_LINE = "Skriv texten på en rad, utan radbrytningar, tabbar eller andra osynliga styrtecken."


@pytest.fixture
def bounced(open_round, contacts, send, failing_mail):
    """Olle's address was refused by the mail server on every attempt."""
    failing_mail.refused = {"olle@kommun-b.example"}
    send(open_round)
    failing_mail.refused = set()
    return invitation_of(contacts[1].municipality)


@pytest.fixture
def staff(client_of, alice):
    return client_of(alice)


def recipient_url(invitation) -> str:
    return f"/omgangar/{invitation.round.year}/inbjudningar/{invitation.pk}/mottagare/"


def text(response) -> str:
    return response.content.decode()


def test_the_status_page_says_in_swedish_why_the_mail_failed_and_offers_a_correction(
    bounced, staff
):
    page = text(staff.get(f"/omgangar/{bounced.round.year}/inbjudningar/?status=failed"))

    assert bounced.failure_kind == FailureKind.RECIPIENT
    assert RECIPIENT_FAILED in page
    assert "Felet från e-postservern:" in page and "Mailbox unavailable" in page
    assert f'href="{recipient_url(bounced)}"' in page


def test_staff_correct_the_recipient_and_the_invitation_goes_to_them(
    bounced, staff, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    form = staff.get(recipient_url(bounced))
    assert RECIPIENT_FAILED in text(form)

    with django_capture_on_commit_callbacks(execute=True):
        done = staff.post(
            recipient_url(bounced),
            {"name": "Olle Berg", "email": "olle.berg@kommun-b.example", "update_contact": "on"},
            follow=True,
        )

    assert "inbjudan till olle.berg@kommun-b.example är lagd i kö" in text(done)
    assert [m.to[0] for m in mail.outbox] == ["Olle Berg <olle.berg@kommun-b.example>"]
    corrected = invitation_of(bounced.municipality)
    assert corrected.pk == bounced.pk  # never sent: the same link, no one else has it
    assert (corrected.sent_at is not None, corrected.failed_at, corrected.failure_kind) == (
        True,
        None,
        "",
    )
    assert Contact.objects.get(municipality=bounced.municipality).email == (
        "olle.berg@kommun-b.example"
    )


def test_correcting_a_sent_invitation_gives_a_new_link_and_ends_the_old_one(
    open_round,
    contacts,
    send,
    staff,
    django_capture_on_commit_callbacks,
):
    send(open_round)
    sent = invitation_of(contacts[0].municipality)
    old_token = token_in(mail.outbox[0])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(recipient_url(sent), {"name": "Eva Ek", "email": "eva@kommun-a.example"})

    new = invitation_of(contacts[0].municipality)
    assert new.pk != sent.pk and new.handed_over_from_id == sent.pk
    (message,) = mail.outbox
    assert message.to == ["Eva Ek <eva@kommun-a.example>"]
    assert token_in(message) != old_token
    assert staff.get(f"/inbjudan/{old_token}/").status_code == 404
    # Not asked to: the contact for next year stays as it was.
    assert Contact.objects.get(municipality=sent.municipality).email == "karin@kommun-a.example"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Olle\r\nBcc: x@evil.example", "email": "o@b.example"}, ONE_LINE),
        ({"name": "Olle\x00", "email": "o@b.example"}, ONE_LINE),
        ({"name": "Olle", "email": "inte-en-adress"}, "Fyll i en giltig e-postadress."),
        ({"name": "", "email": "o@b.example"}, "Det här fältet är obligatoriskt."),
        ({"name": "O" * 201, "email": "o@b.example"}, "som mest 200 tecken"),
    ],
)
def test_bad_input_is_refused_in_swedish_and_nothing_changes(bounced, staff, data, message):
    before = list(Invitation.objects.order_by("pk").values())
    outbox = len(mail.outbox)

    refused = staff.post(recipient_url(bounced), data)

    assert refused.status_code == 200
    assert message in text(refused)
    assert list(Invitation.objects.order_by("pk").values()) == before
    assert len(mail.outbox) == outbox


def test_a_closed_round_sends_nothing_and_says_so(bounced, staff):
    round_close(survey_round=bounced.round)
    before = list(Invitation.objects.order_by("pk").values())

    refused = staff.post(recipient_url(bounced), {"name": "Olle", "email": "o@b.example"})

    assert refused.status_code == 200
    assert f"Omgång {bounced.round.year} är inte öppen; inga utskick görs." in text(refused)
    assert list(Invitation.objects.order_by("pk").values()) == before


def test_a_replaced_invitation_or_another_rounds_address_has_no_recipient_page(bounced, staff):
    other_year = f"/omgangar/{bounced.round.year + 1}/inbjudningar/{bounced.pk}/mottagare/"
    assert staff.get(other_year).status_code == 404

    Invitation.objects.filter(pk=bounced.pk).update(revoked_at=timezone.now())

    assert staff.get(recipient_url(bounced)).status_code == 404


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (smtplib.SMTPRecipientsRefused({"a@b": (550, b"no")}), FailureKind.RECIPIENT),
        (BadHeaderError("Header values can't contain newlines"), FailureKind.RECIPIENT),
        (ValueError("Invalid address"), FailureKind.RECIPIENT),
        (smtplib.SMTPServerDisconnected("gone"), FailureKind.SERVER),
        (ConnectionRefusedError(111, "refused"), FailureKind.SERVER),
        (TimeoutError(), FailureKind.SERVER),
        (smtplib.SMTPAuthenticationError(535, b"bad"), FailureKind.OTHER),
        (RuntimeError("?"), FailureKind.OTHER),
    ],
)
def test_each_failure_is_told_as_what_staff_can_do_about_it(error, kind):
    assert failure_kind(error) == kind


def test_a_mail_that_failed_before_reasons_were_kept_says_only_that_it_failed(bounced, staff):
    Invitation.objects.filter(pk=bounced.pk).update(failure_kind="")

    page = text(staff.get(f"/omgangar/{bounced.round.year}/inbjudningar/?status=failed"))

    assert "Utskicket misslyckades av ett tekniskt skäl." in page
    assert invitation_of(bounced.municipality).pending_mail == MailKind.INVITATION  # still owed
