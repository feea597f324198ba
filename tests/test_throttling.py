"""Guessing is refused and slowed down: invitation links that are guessed, expired, revoked
or reused after a hand-over lead nowhere, and wrong passwords or links from one address
past a limit are answered with 429 before anything is tried; so are floods of
password-reset mail."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from common import throttle
from common.throttle import (
    INVITATION_LINKS,
    LOGIN_BY_ACCOUNT_AND_ADDRESS,
    LOGIN_BY_ADDRESS,
    PASSWORD_RESETS_BY_ACCOUNT,
    PASSWORD_RESETS_BY_ACCOUNT_AND_ADDRESS,
    PASSWORD_RESETS_BY_ADDRESS,
    pair,
)
from surveys.access import INVITATION_SESSION_KEY
from surveys.models import Invitation, RoundStatus
from surveys.services import invitation_hand_over, round_close
from surveys.services.invitations import invitation_token
from surveys.tasks import rounds_close_due
from tests.factories import PASSWORD
from tests.surveys.test_answer_support import invite
from tests.surveys.test_staff_support import make_round

pytestmark = pytest.mark.django_db

GUESS = "0" * 64


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_round():
    return make_round(status=RoundStatus.OPEN)


@pytest.fixture
def invitation(open_round, municipality) -> Invitation:
    return invite(open_round, municipality)


def enter(token: str, client: Client | None = None, **headers):
    client = client or Client()
    return client, client.get(f"/inbjudan/{token}/", headers=headers)


def signed_in(client: Client) -> bool:
    return INVITATION_SESSION_KEY in client.session


# ---------------------------------------------------------------- links that lead nowhere


def test_the_invitation_link_signs_in(invitation):
    client, page = enter(invitation_token(invitation))

    assert page.status_code == 302
    assert signed_in(client)


def test_a_guessed_link_is_refused_in_swedish(invitation):
    client, page = enter(GUESS)

    assert page.status_code == 404
    assert "Länken gäller inte" in page.content.decode()
    assert not signed_in(client)


def test_a_link_whose_round_passed_its_last_day_is_refused(invitation, open_round):
    open_round.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    open_round.save()
    rounds_close_due()

    client, page = enter(invitation_token(invitation))

    assert page.status_code == 410
    assert "tar inte emot svar" in page.content.decode()
    assert not signed_in(client)


def test_a_revoked_link_is_refused(invitation, open_round):
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())

    client, page = enter(invitation_token(invitation))

    assert page.status_code == 404
    assert not signed_in(client)


def test_a_link_handed_over_cannot_be_used_again(invitation):
    old_token = invitation_token(invitation)
    successor = invitation_hand_over(
        invitation=invitation, name="Per Ek", email="per@kommun-a.example"
    )
    enter(invitation_token(successor))

    client, page = enter(old_token)

    assert page.status_code == 404
    assert not signed_in(client)


def test_a_session_signed_in_by_a_link_ends_when_the_link_is_handed_over(invitation):
    client, _ = enter(invitation_token(invitation))
    invitation_hand_over(invitation=invitation, name="Per Ek", email="per@kommun-a.example")

    page = client.get(f"/svar/{invitation.round.year}/{invitation.municipality.code}/")

    assert page.status_code == 404


def test_a_link_used_again_after_the_round_closed_is_refused(invitation, open_round):
    enter(invitation_token(invitation))
    round_close(survey_round=open_round)

    _, page = enter(invitation_token(invitation))

    assert page.status_code == 410


# ---------------------------------------------------------------- guessing links


def test_guessing_links_from_one_address_is_stopped(invitation):
    for attempt in range(INVITATION_LINKS.limit):
        enter(f"{attempt:064d}")

    client, page = enter(GUESS)

    assert page.status_code == 429
    assert page["Retry-After"] == str(INVITATION_LINKS.window_seconds)
    assert "För många länkar som inte gäller" in page.content.decode()
    assert not signed_in(client)


def test_a_right_link_works_however_many_wrong_ones_came_from_the_same_address(invitation):
    for attempt in range(INVITATION_LINKS.limit * 3):  # a town hall behind one NAT
        enter(f"{attempt:064d}")

    client, page = enter(invitation_token(invitation))

    assert page.status_code == 302
    assert signed_in(client)


def test_guesses_from_one_address_do_not_stop_another(invitation):
    for attempt in range(INVITATION_LINKS.limit):
        enter(f"{attempt:064d}", Client(REMOTE_ADDR="192.0.2.1"))

    client, page = enter(invitation_token(invitation), Client(REMOTE_ADDR="192.0.2.2"))

    assert page.status_code == 302
    assert signed_in(client)


def test_right_links_and_closed_rounds_are_not_counted_as_guesses(invitation, open_round):
    for _ in range(INVITATION_LINKS.limit + 1):
        enter(invitation_token(invitation))
    round_close(survey_round=open_round)
    for _ in range(INVITATION_LINKS.limit + 1):
        _, page = enter(invitation_token(invitation))

    assert page.status_code == 410


def test_behind_the_proxy_a_forged_forwarded_address_does_not_escape(invitation, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for attempt in range(INVITATION_LINKS.limit):
        enter(f"{attempt:064d}", X_Forwarded_For=f"10.0.0.{attempt}, 198.51.100.7")

    _, page = enter(GUESS, X_Forwarded_For="10.9.9.9, 198.51.100.7")

    assert page.status_code == 429


# ---------------------------------------------------------------- a link while signed in


def test_a_link_opened_while_signed_in_asks_before_signing_out(invitation, alice):
    client = Client()
    client.force_login(alice)

    _, page = enter(invitation_token(invitation), client)

    assert page.status_code == 200
    text = page.content.decode()
    assert "Du är redan inloggad" in text
    assert "Logga ut och fortsätt med länken" in text
    assert "Stanna inloggad" in text
    assert client.session["_auth_user_id"] == str(alice.pk)
    assert not signed_in(client)


def test_staying_signed_in_keeps_the_account_and_ignores_the_link(invitation, alice):
    client = Client()
    client.force_login(alice)

    page = client.post(f"/inbjudan/{invitation_token(invitation)}/", {"action": "stay"})

    assert page.status_code == 302
    assert page["Location"] == "/"
    assert client.session["_auth_user_id"] == str(alice.pk)
    assert not signed_in(client)


def test_continuing_signs_out_of_the_account_and_in_with_the_link(invitation, alice):
    client = Client()
    client.force_login(alice)

    page = client.post(f"/inbjudan/{invitation_token(invitation)}/", {"action": "continue"})

    code = invitation.municipality.code
    assert page["Location"] == f"/svar/{invitation.round.year}/{code}/"
    assert "_auth_user_id" not in client.session
    assert signed_in(client)


def test_a_wrong_link_while_signed_in_is_refused_without_asking(invitation, alice):
    client = Client()
    client.force_login(alice)

    _, page = enter(GUESS, client)

    assert page.status_code == 404
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_continuing_with_a_wrong_link_signs_nobody_out(invitation, alice):
    client = Client()
    client.force_login(alice)

    page = client.post(f"/inbjudan/{GUESS}/", {"action": "continue"})

    assert page.status_code == 404
    assert client.session["_auth_user_id"] == str(alice.pk)
    assert not signed_in(client)


# ---------------------------------------------------------------- signing in


def log_in(email: str, password: str, client: Client | None = None):
    client = client or Client()
    page = client.post("/konto/logga-in/", {"username": email, "password": password})
    return client, page


class Clock:
    """The throttle's clock, moved by the test instead of waiting."""

    def __init__(self) -> None:
        self.time = 1_000_000.0

    def __call__(self) -> float:
        return self.time

    def advance(self, seconds: float) -> None:
        self.time += seconds


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(throttle, "now", clock)
    return clock


ATTACKER, OWNER = "192.0.2.66", "198.51.100.10"


def test_a_wrong_password_makes_that_address_wait_a_second_before_the_next_try(bob, clock):
    log_in(bob.email, "fel-lösenord")

    client, page = log_in(bob.email, PASSWORD)

    assert page.status_code == 429
    assert "Vänta 1 sekund och försök igen" in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_after_the_wait_the_right_password_gets_in(bob, clock):
    log_in(bob.email, "fel-lösenord")
    clock.advance(1)

    client, page = log_in(bob.email, PASSWORD)

    assert page.status_code == 302
    assert "_auth_user_id" in client.session


def test_the_wait_doubles_with_each_failure_up_to_a_quarter_of_an_hour(bob, clock):
    waits = []
    for _ in range(13):
        log_in(bob.email, "fel-lösenord")
        waits.append(LOGIN_BY_ACCOUNT_AND_ADDRESS.wait_seconds(pair(bob.email, "127.0.0.1")))
        clock.advance(waits[-1])

    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]
    log_in(bob.email, "fel-lösenord")
    _, page = log_in(bob.email, PASSWORD)
    assert "Vänta 15 minuter" in page.content.decode()


def test_someone_elses_failures_on_an_account_never_refuse_its_owners_right_password(bob, clock):
    for _ in range(20):  # past any limit; each waits out its delay, as a patient guesser
        log_in(bob.email, "fel-lösenord", Client(REMOTE_ADDR=ATTACKER))
        clock.advance(LOGIN_BY_ACCOUNT_AND_ADDRESS.max_seconds)
    log_in(bob.email, "fel-lösenord", Client(REMOTE_ADDR=ATTACKER))

    client, page = log_in(bob.email, PASSWORD, Client(REMOTE_ADDR=OWNER))

    assert page.status_code == 302
    assert "_auth_user_id" in client.session
    _, attacker = log_in(bob.email, PASSWORD, Client(REMOTE_ADDR=ATTACKER))
    assert attacker.status_code == 429


def test_an_account_is_counted_whatever_the_case_of_its_address(bob, clock):
    log_in(bob.email.upper(), "fel-lösenord")

    _, page = log_in(bob.email, PASSWORD)

    assert page.status_code == 429


def test_a_successful_sign_in_forgets_the_accounts_earlier_mistakes(bob, clock):
    for _ in range(5):
        log_in(bob.email, "fel-lösenord")
        clock.advance(LOGIN_BY_ACCOUNT_AND_ADDRESS.max_seconds - 1)
    log_in(bob.email, PASSWORD)

    log_in(bob.email, "fel-lösenord")

    assert LOGIN_BY_ACCOUNT_AND_ADDRESS.wait_seconds(pair(bob.email, "127.0.0.1")) == 1


def test_a_quarter_of_an_hour_of_quiet_forgets_the_failures(bob, clock):
    for _ in range(12):
        log_in(bob.email, "fel-lösenord")
        clock.advance(LOGIN_BY_ACCOUNT_AND_ADDRESS.max_seconds)
    cache.clear()  # what Redis does when the key's 15 minutes run out

    _, page = log_in(bob.email, PASSWORD)

    assert page.status_code == 302


def test_one_address_trying_many_accounts_is_stopped(bob, clock):
    for attempt in range(LOGIN_BY_ADDRESS.limit):
        log_in(f"gissning{attempt}@kommun.example", "fel-lösenord")

    _, page = log_in(bob.email, PASSWORD)

    assert page.status_code == 429
    assert "Vänta 15 minuter" in page.content.decode()


def test_wrong_passwords_from_elsewhere_do_not_lock_out_another_address_for_other_accounts(
    bob, charlie, clock
):
    for attempt in range(LOGIN_BY_ADDRESS.limit):
        log_in(f"gissning{attempt}@kommun.example", "fel", Client(REMOTE_ADDR="192.0.2.1"))

    client, page = log_in(charlie.email, PASSWORD, Client(REMOTE_ADDR="192.0.2.2"))

    assert page.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_form_without_a_password_is_not_counted(bob, clock):
    for _ in range(LOGIN_BY_ADDRESS.limit + 1):
        log_in(bob.email, "")

    _, page = log_in(bob.email, PASSWORD)

    assert page.status_code == 302


def test_with_the_cache_down_signing_in_still_works(bob, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers there
        }
    }
    log_in(bob.email, "fel-lösenord")

    client, page = log_in(bob.email, PASSWORD)

    assert page.status_code == 302
    assert "_auth_user_id" in client.session


# ---------------------------------------------------------------- password-reset mail


def ask_for_reset(email: str, client: Client | None = None, **options):
    return (client or Client()).post("/konto/losenord/", {"email": email}, **options)


def main_of(page) -> str:
    text = page.content.decode()
    return text[text.index("<main") : text.index("</main>")]


def mails_to(email: str) -> int:
    return sum(email in message.to for message in mail.outbox)


def test_password_reset_mail_to_one_account_from_one_address_is_limited(bob):
    for _ in range(PASSWORD_RESETS_BY_ACCOUNT_AND_ADDRESS.limit):
        ask_for_reset(bob.email)

    page = ask_for_reset(bob.email)

    assert page.status_code == 302
    assert page["Location"] == "/konto/losenord/skickat/"
    assert mails_to(bob.email) == PASSWORD_RESETS_BY_ACCOUNT_AND_ADDRESS.limit


def test_the_page_says_the_same_whether_mail_was_sent_or_held_back(bob):
    sent = ask_for_reset(bob.email, Client(), follow=True)
    for _ in range(PASSWORD_RESETS_BY_ACCOUNT_AND_ADDRESS.limit):
        ask_for_reset(bob.email)

    held_back = ask_for_reset(bob.email, Client(), follow=True)
    unknown = ask_for_reset("okand@example.se", Client(), follow=True)

    assert held_back.status_code == sent.status_code == unknown.status_code == 200
    assert main_of(held_back) == main_of(sent) == main_of(unknown)
    assert "Kolla din e-post" in held_back.content.decode()


def test_a_stranger_cannot_use_up_an_accounts_mail(bob):
    for _ in range(PASSWORD_RESETS_BY_ACCOUNT_AND_ADDRESS.limit * 3):
        ask_for_reset(bob.email, Client(REMOTE_ADDR=ATTACKER))
    mail.outbox.clear()

    ask_for_reset(bob.email, Client(REMOTE_ADDR=OWNER))

    assert mails_to(bob.email) == 1


def test_an_account_gets_at_most_ten_an_hour_from_anywhere(bob):
    for attempt in range(PASSWORD_RESETS_BY_ACCOUNT.limit + 5):
        ask_for_reset(bob.email, Client(REMOTE_ADDR=f"192.0.2.{attempt}"))

    assert mails_to(bob.email) == PASSWORD_RESETS_BY_ACCOUNT.limit


def test_one_address_asking_for_many_accounts_is_limited(bob):
    for attempt in range(PASSWORD_RESETS_BY_ADDRESS.limit):
        ask_for_reset(f"nagon{attempt}@kommun.example")

    assert ask_for_reset(bob.email).status_code == 302
    assert mail.outbox == []
    assert mails_to(bob.email) == 0
