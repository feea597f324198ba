"""Corrections in a browser, each page checked for WCAG 2.1 AA violations: a member
changes the respondent of a submitted response on purpose (the start page would not),
and national staff correct the recipient of a mail that bounced and send it again."""

import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from surveys.models import AnswerChange, ChangeKind, FailureKind, Invitation, MailKind, Response
from tests.e2e.conftest import AxeCheck, Login
from tests.surveys.helpers import RESPONDENT, answering_round, invite


def test_a_member_changes_the_respondent_of_a_submitted_response(
    page: Page, bob, municipality, login: Login, axe_check: AxeCheck
) -> None:
    survey_round = answering_round()
    Response.objects.create(
        round=survey_round,
        municipality=municipality,
        status="submitted",
        submitted_at=timezone.now(),
        respondent_name=RESPONDENT["name"],
        respondent_email=RESPONDENT["email"],
        respondent_role=RESPONDENT["role"],
    )
    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="Logga in").click()
    login(page, bob)
    page.get_by_role("link", name="Svara på enkäten 2025").click()

    notice = page.get_by_role("status").filter(has_text="Svaret är inskickat med Karin")
    expect(notice).to_contain_text("Det ändras inte av att du fortsätter här")
    axe_check(page)
    notice.get_by_role("link", name="Svarande").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Svarande")
    expect(page.get_by_text("Svarar för kommunen nu: Karin Kommunchef")).to_be_visible()
    axe_check(page)
    page.get_by_label("Svarandens namn").fill("Bob Berg")
    page.get_by_label("Svarandens e-postadress").fill(bob.email)
    page.get_by_label("Svarandens roll").select_option(label="IT-chef")
    page.get_by_role("button", name="Byt svarande").click()

    expect(page.get_by_text("Svarande är nu Bob Berg. Bytet är loggat.")).to_be_visible()
    expect(page.get_by_text("Svarar för kommunen nu: Bob Berg (IT-chef).")).to_be_visible()
    axe_check(page)
    change = AnswerChange.objects.get(kind=ChangeKind.RESPONDENT)
    assert (change.old_respondent_email, change.new_respondent_email) == (
        RESPONDENT["email"],
        bob.email,
    )
    assert change.changed_by_user == bob and change.after_submission


def test_staff_correct_a_bounced_recipient_and_the_invitation_goes_out(
    page: Page, alice, municipality, login: Login, axe_check: AxeCheck
) -> None:
    invitation = invite(answering_round(), municipality)
    Invitation.objects.filter(pk=invitation.pk).update(
        pending_mail=MailKind.INVITATION,
        queued_at=timezone.now(),
        failed_at=timezone.now(),
        send_attempts=5,
        failure_kind=FailureKind.RECIPIENT,
        failure_reason="SMTPRecipientsRefused: {'karin@kommun-a.example': (550, b'No such user')}",
    )
    page.goto("/omgangar/2025/inbjudningar/?status=failed")
    login(page, alice)

    row = page.get_by_role("row").filter(has_text="Testkommun A")
    expect(row).to_contain_text("Mottagarens adress eller namn gick inte att skicka till.")
    axe_check(page)
    row.get_by_role("link", name=re.compile("^Rätta mottagaren")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Rätta mottagaren för Testkommun A")
    axe_check(page)
    page.get_by_label("Mottagarens e-postadress").fill("karin.kommunchef@kommun-a.example")
    page.get_by_role("button", name="Spara och skicka inbjudan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Inbjudningar och svar 2025")
    expect(
        page.get_by_text("inbjudan till karin.kommunchef@kommun-a.example är lagd i kö")
    ).to_be_visible()
    assert [message.to[0] for message in mail.outbox] == [
        "Karin Kommunchef <karin.kommunchef@kommun-a.example>"
    ]
