import datetime
import hashlib

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from surveys.access import INVITATION_SESSION_KEY
from surveys.errors import RoundClosedError
from surveys.models import (
    Invitation,
    MailKind,
    Response,
    ResponseStatus,
    RoundStatus,
)
from surveys.services import invitation_enter, invitation_hand_over, round_close
from surveys.services.invitations import (
    STALLED_MAIL_AFTER,
    invitations_requeue_stalled,
    invitations_send_all,
    reminders_queue,
)
from surveys.tasks import reminders_send_due
from tests.factories import ContactFactory, MunicipalityFactory, SurveyRoundFactory
from tests.surveys.helpers import (
    invitation_of,
    mails_to,
    token_in,
)

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- sending


def test_every_municipality_with_a_contact_gets_one_invitation(open_round, contacts, send):
    MunicipalityFactory(code="9003", name="Kontaktlösa kommunen")

    page = send(open_round).content.decode()

    assert sorted(m.to[0] for m in mail.outbox) == [
        "Karin Ek <karin@kommun-a.example>",
        "Olle Berg <olle@kommun-b.example>",
    ]
    assert "2 inbjudningar är lagda i kö för utskick." in page
    assert "1 kommun saknar kontaktperson och har inte fått någon inbjudan." in page
    assert "?status=not-invited" in page
    assert Invitation.objects.filter(sent_at__isnull=False).count() == 2


def test_the_link_starts_with_the_address_the_app_is_served_at(
    open_round, contacts, send, settings
):
    settings.SITE_URL = "http://127.0.0.1:8101"  # make run PORT=8101

    send(open_round)

    [message] = mails_to("karin@kommun-a.example")
    assert f"http://127.0.0.1:8101/inbjudan/{token_in(message)}/" in message.body
    assert "8000" not in message.body


def test_the_invitation_is_swedish_personal_and_says_when_the_round_closes(
    open_round, contacts, send, settings
):
    settings.SURVEY_CONTACT_EMAIL = "e-mognad@skr.example"

    send(open_round)

    [message] = mails_to("karin@kommun-a.example")
    assert message.subject == "Inbjudan till E-mognad 2026 för Testkommun A"
    body = message.body
    assert body.startswith("Hej Karin Ek!")
    assert "Testkommun A är inbjuden till E-mognad 2026" in body
    assert "Svara senast den 30 april 2030" in body
    assert f"http://127.0.0.1:8000/inbjudan/{token_in(message)}/" in body
    assert "Länken är personlig" in body
    assert "Lämna över inbjudan från svarssidorna" in body
    assert "Skriv till e-mognad@skr.example" in body
    assert message.reply_to == ["e-mognad@skr.example"]
    assert "&" not in body  # plain text: nothing HTML-escaped


def test_a_recipient_name_with_a_comma_is_still_one_address(open_round, municipality, send):
    ContactFactory(municipality=municipality, name="Ek, Karin", email="karin@kommun-a.example")

    send(open_round)

    [message] = mail.outbox
    assert message.recipients() == ['"Ek, Karin" <karin@kommun-a.example>']
    assert invitation_of(municipality).failed_at is None


def test_the_link_carries_256_random_bits_stored_only_as_a_hash(open_round, contacts, send):
    send(open_round)

    tokens = [token_in(message) for message in mail.outbox]
    assert len(set(tokens)) == 2
    assert all(len(token) == 64 for token in tokens)  # 64 hex digits = 256 bits
    for invitation in Invitation.objects.values():
        stored = " ".join(str(value) for value in invitation.values())
        assert not any(token in stored for token in tokens)
    hashes = set(Invitation.objects.values_list("token_hash", flat=True))
    assert hashes == {hashlib.sha256(token.encode()).hexdigest() for token in tokens}


def test_the_link_signs_in_to_the_municipalitys_response(open_round, contacts, send):
    send(open_round)
    token = token_in(mails_to("karin@kommun-a.example")[0])

    visitor = Client()
    entered = visitor.get(f"/inbjudan/{token}/")

    assert entered.status_code == 302
    assert entered.url == "/svar/2026/9001/"
    invitation = invitation_of(contacts[0].municipality)
    assert visitor.session[INVITATION_SESSION_KEY] == invitation.pk
    assert invitation.opened_at is not None


def test_a_made_up_token_signs_nobody_in(open_round, contacts, send):
    send(open_round)

    visitor = Client()
    assert visitor.get(f"/inbjudan/{'0' * 64}/").status_code == 404
    assert INVITATION_SESSION_KEY not in visitor.session
    assert invitation_enter(token="0" * 64) is None


def test_the_link_stops_signing_in_when_the_round_closes(open_round, contacts, send):
    send(open_round)
    token = token_in(mails_to("karin@kommun-a.example")[0])
    round_close(survey_round=open_round)

    visitor = Client()
    visitor.get(f"/inbjudan/{token}/")

    assert INVITATION_SESSION_KEY not in visitor.session


def test_double_clicking_send_sends_once(open_round, contacts, send):
    send(open_round)
    page = send(open_round).content.decode()

    assert len(mail.outbox) == 2
    assert "Inga nya inbjudningar att skicka" in page


def test_a_second_send_before_the_workers_ran_queues_nothing(
    open_round, contacts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = invitations_send_all(survey_round=open_round)
        second = invitations_send_all(survey_round=open_round)

    assert (first, second) == (2, 0)
    assert len(mail.outbox) == 2


def test_nothing_is_sent_while_the_round_is_not_open(contacts, send):
    planned = SurveyRoundFactory(current=True, status=RoundStatus.DRAFT)

    page = send(planned).content.decode()

    assert "Omgång 2026 är inte öppen; inga utskick görs." in page
    assert not mail.outbox
    assert not Invitation.objects.exists()


def test_mail_no_worker_took_is_queued_again_and_sent_once(
    open_round, contacts, django_capture_on_commit_callbacks
):
    invitations_send_all(survey_round=open_round)  # queued; the callbacks never ran
    later = timezone.now() + STALLED_MAIL_AFTER + datetime.timedelta(minutes=1)

    with django_capture_on_commit_callbacks(execute=True):
        requeued = invitations_requeue_stalled(now=later)
    with django_capture_on_commit_callbacks(execute=True):
        again = invitations_requeue_stalled(now=later)

    assert (requeued, again) == (2, 0)
    assert len(mail.outbox) == 2


def test_mail_just_queued_or_already_tried_is_left_to_its_worker(
    open_round, contacts, django_capture_on_commit_callbacks
):
    invitations_send_all(survey_round=open_round)
    tried = Invitation.objects.filter(municipality=contacts[0].municipality)
    tried.update(failed_at=timezone.now() + datetime.timedelta(seconds=1))

    assert invitations_requeue_stalled() == 0
    later = timezone.now() + STALLED_MAIL_AFTER + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_requeue_stalled(now=later) == 1
    assert [m.to for m in mail.outbox] == [["Olle Berg <olle@kommun-b.example>"]]


# ---------------------------------------------------------------- failures


def test_a_failed_send_is_retried_recorded_and_shown(
    open_round, contacts, send, failing_mail, client_of, alice
):
    failing_mail.refused = {"olle@kommun-b.example"}

    send(open_round)

    assert [m.to[0] for m in mail.outbox] == ["Karin Ek <karin@kommun-a.example>"]
    assert failing_mail.attempts.count("Olle Berg <olle@kommun-b.example>") == 5
    failed = invitation_of(contacts[1].municipality)
    assert failed.sent_at is None
    assert failed.failed_at is not None
    assert failed.send_attempts == 5
    assert failed.pending_mail == MailKind.INVITATION  # still owed, never silently dropped
    assert "SMTPRecipientsRefused" in failed.failure_reason
    assert "Mailbox unavailable" in failed.failure_reason
    page = client_of(alice).get("/omgangar/2026/inbjudningar/?status=failed").content.decode()
    assert "Utskicket misslyckades" in page
    assert "Mailbox unavailable" in page
    assert "Testkommun B" in page
    assert "Testkommun A" not in page


def test_a_send_that_fails_once_succeeds_on_the_retry(open_round, contacts, send, failing_mail):
    original = failing_mail.send_messages

    def refuse_first(self, messages):
        if not failing_mail.attempts:
            failing_mail.refused = {"olle@kommun-b.example"}
        else:
            failing_mail.refused = set()
        return original(self, messages)

    failing_mail.send_messages = refuse_first
    try:
        send(open_round)
    finally:
        failing_mail.send_messages = original

    assert len(mail.outbox) == 2
    retried = invitation_of(contacts[1].municipality)
    assert retried.sent_at is not None
    assert (retried.failed_at, retried.failure_reason, retried.send_attempts) == (None, "", 0)


def test_a_failed_invitation_resent_later_arrives(
    open_round, contacts, send, failing_mail, client_of, alice, django_capture_on_commit_callbacks
):
    failing_mail.refused = {"olle@kommun-b.example"}
    send(open_round)
    failing_mail.refused = set()
    failed = invitation_of(contacts[1].municipality)

    with django_capture_on_commit_callbacks(execute=True):
        page = client_of(alice).post(
            f"/omgangar/2026/inbjudningar/{failed.pk}/skicka-igen/", follow=True
        )

    assert "Inbjudan till Testkommun B (olle@kommun-b.example) är lagd i kö igen." in (
        page.content.decode()
    )
    assert len(mails_to("olle@kommun-b.example")) == 1
    failed.refresh_from_db()
    assert failed.sent_at is not None
    assert failed.failed_at is None
    assert (
        "Inbjudan skickad"
        in client_of(alice).get("/omgangar/2026/inbjudningar/?q=9002").content.decode()
    )


def test_resend_carries_the_same_link_and_returns_to_the_filtered_list(
    open_round, contacts, send, client_of, alice, django_capture_on_commit_callbacks
):
    send(open_round)
    invitation = invitation_of(contacts[0].municipality)
    filtered = "/omgangar/2026/inbjudningar/?status=sent"

    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(alice).post(
            f"/omgangar/2026/inbjudningar/{invitation.pk}/skicka-igen/", {"next": filtered}
        )

    assert response.status_code == 302
    assert response.url == filtered
    first, second = mails_to("karin@kommun-a.example")
    assert token_in(first) == token_in(second)


@pytest.mark.parametrize("target", ["https://evil.example/", "round_list", "x" * 199, "0/"])
def test_resend_returns_to_a_path_of_this_site_only(
    open_round, contacts, send, client_of, alice, target
):
    """Neither off site, nor a bare word (which redirect() took for a view's name: a server
    error), nor a path relative to the button's."""
    send(open_round)
    invitation = invitation_of(contacts[0].municipality)

    response = client_of(alice).post(
        f"/omgangar/2026/inbjudningar/{invitation.pk}/skicka-igen/", {"next": target}
    )

    assert response.url == "/omgangar/2026/inbjudningar/"


def test_resend_refuses_a_closed_round(open_round, contacts, send, client_of, alice):
    send(open_round)
    invitation = invitation_of(contacts[0].municipality)
    round_close(survey_round=open_round)

    page = client_of(alice).post(
        f"/omgangar/2026/inbjudningar/{invitation.pk}/skicka-igen/", follow=True
    )

    assert "Omgång 2026 är inte öppen; inga utskick görs." in page.content.decode()
    assert len(mail.outbox) == 2


# ---------------------------------------------------------------- reminders


@pytest.fixture
def audiences(open_round, send):
    """Five municipalities with a sent invitation: not started, draft, submitted, revoked
    and one whose invitation failed."""
    names = ["Ej börjat", "Utkast", "Inskickat", "Återkallat", "Misslyckat"]
    municipalities = {}
    for number, name in enumerate(names):
        municipality = MunicipalityFactory(code=f"95{number:02d}", name=name)
        ContactFactory(municipality=municipality, email=f"chef{number}@{number}.example")
        municipalities[name] = municipality
    send(open_round)
    mail.outbox.clear()
    Response.objects.create(round=open_round, municipality=municipalities["Utkast"])
    Response.objects.create(
        round=open_round,
        municipality=municipalities["Inskickat"],
        status=ResponseStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    Invitation.objects.filter(municipality=municipalities["Återkallat"]).update(
        revoked_at=timezone.now()
    )
    Invitation.objects.filter(municipality=municipalities["Misslyckat"]).update(sent_at=None)
    return municipalities


def remind(client, survey_round, which, capture):
    with capture(execute=True):
        return client.post(
            f"/omgangar/{survey_round.year}/inbjudningar/paminn-{which}/", follow=True
        ).content.decode()


def test_remind_those_who_never_started(
    open_round, audiences, client_of, alice, django_capture_on_commit_callbacks
):
    page = remind(client_of(alice), open_round, "ej-paborjade", django_capture_on_commit_callbacks)

    assert [m.to[0] for m in mail.outbox] == ["Karin Kommunchef <chef0@0.example>"]
    [message] = mail.outbox
    assert message.subject == "Påminnelse: E-mognad 2026 för Ej börjat väntar på svar"
    assert "Vi har ännu inte fått några svar från Ej börjat" in message.body
    assert "30 april 2030" in message.body
    assert token_in(message)
    assert "1 påminnelse är lagd i kö till kommuner som inte har börjat svara." in page
    invitation = invitation_of(audiences["Ej börjat"])
    assert invitation.reminders_sent == 1
    assert invitation.last_reminded_at is not None


def test_remind_those_with_a_draft(
    open_round, audiences, client_of, alice, django_capture_on_commit_callbacks
):
    page = remind(client_of(alice), open_round, "utkast", django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.to == ["Karin Kommunchef <chef1@1.example>"]
    assert message.subject == "Påminnelse: skicka in E-mognad 2026 för Utkast"
    assert "Utkast har börjat svara i E-mognad 2026, men svaren är inte inskickade än." in (
        message.body
    )
    assert "1 påminnelse är lagd i kö till kommuner med ett utkast." in page


def test_a_second_reminder_click_the_same_day_sends_nothing(
    open_round, audiences, client_of, alice, django_capture_on_commit_callbacks
):
    client = client_of(alice)
    remind(client, open_round, "ej-paborjade", django_capture_on_commit_callbacks)
    page = remind(client, open_round, "ej-paborjade", django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    assert "0 påminnelser är lagda i kö" in page


def test_reminders_need_an_open_round(open_round, audiences):
    round_close(survey_round=open_round)

    with pytest.raises(RoundClosedError):
        reminders_queue(survey_round=open_round, kind=MailKind.REMIND_DRAFT)


@pytest.fixture
def reminder_days(settings):
    settings.REMINDER_DAYS_BEFORE_CLOSE = [7, 2]


def closing_in(survey_round, days: int) -> None:
    survey_round.closes_on = timezone.localdate() + datetime.timedelta(days=days)
    survey_round.save()


@pytest.mark.parametrize("days", [7, 2])
def test_scheduled_reminders_go_on_the_configured_days_to_both_audiences(
    open_round, audiences, reminder_days, days, django_capture_on_commit_callbacks
):
    closing_in(open_round, days)

    with django_capture_on_commit_callbacks(execute=True):
        queued = reminders_send_due.delay().get()

    assert queued == 2
    assert sorted(m.subject for m in mail.outbox) == [
        "Påminnelse: E-mognad 2026 för Ej börjat väntar på svar",
        "Påminnelse: skicka in E-mognad 2026 för Utkast",
    ]


@pytest.mark.parametrize("days", [8, 6, 3, 1, 0])
def test_no_scheduled_reminders_on_other_days(
    open_round, audiences, reminder_days, days, django_capture_on_commit_callbacks
):
    closing_in(open_round, days)

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send_due.delay().get() == 0

    assert not mail.outbox


def test_scheduled_reminders_go_once_a_day_even_after_a_manual_one(
    open_round, audiences, reminder_days, client_of, alice, django_capture_on_commit_callbacks
):
    closing_in(open_round, 7)
    remind(client_of(alice), open_round, "utkast", django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send_due.delay().get()
        second = reminders_send_due.delay().get()

    assert (first, second) == (1, 0)
    assert len(mails_to("chef0@0.example")) == 1
    assert len(mails_to("chef1@1.example")) == 1


def test_no_scheduled_reminders_for_a_closed_round(
    open_round, audiences, reminder_days, django_capture_on_commit_callbacks
):
    closing_in(open_round, 7)
    round_close(survey_round=open_round)

    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send_due.delay().get() == 0


# ---------------------------------------------------------------- hand-over


def test_hand_over_mails_the_colleague_a_new_link_and_the_old_one_stops(
    open_round, contacts, send, django_capture_on_commit_callbacks
):
    send(open_round)
    old_token = token_in(mails_to("karin@kommun-a.example")[0])
    invitation = invitation_enter(token=old_token)

    with django_capture_on_commit_callbacks(execute=True):
        successor = invitation_hand_over(
            invitation=invitation, name=" Eva Ek ", email="eva@kommun-a.example"
        )

    [message] = mails_to("eva@kommun-a.example")
    assert message.body.startswith("Hej Eva Ek!")
    new_token = token_in(message)
    assert new_token != old_token
    assert invitation_enter(token=old_token) is None
    assert invitation_enter(token=new_token) == successor
    assert successor.handed_over_from == invitation
    assert Client().get(f"/inbjudan/{old_token}/").status_code == 404


def test_a_link_can_be_handed_over_only_once(
    open_round, contacts, send, django_capture_on_commit_callbacks
):
    send(open_round)
    invitation = invitation_of(contacts[0].municipality)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_hand_over(invitation=invitation, name="Eva", email="eva@kommun-a.example")

    with pytest.raises(RoundClosedError) as refused:
        invitation_hand_over(invitation=invitation, name="Per", email="per@kommun-a.example")

    assert refused.value.messages == ["Länken har redan lämnats över och gäller inte längre."]
    assert not mails_to("per@kommun-a.example")
