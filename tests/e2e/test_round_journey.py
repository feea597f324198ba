"""National staff's journey in a browser: from the menu to a new round, opened, with its
invitations mailed and the status page counting them, every page free of WCAG 2.1 AA
violations."""

import datetime
import io
import re

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.conftest import AxeCheck, Login
from tests.e2e.helpers import mailed_links
from tests.factories import ContactFactory, MunicipalityFactory

YEAR = 2026


def test_staff_creates_a_round_opens_it_and_mails_the_invitations(
    page: Page,
    alice,
    municipality,
    other_municipality,
    login: Login,
    axe_check: AxeCheck,
) -> None:
    call_command("load_questionnaire", stdout=io.StringIO())
    ContactFactory(municipality=municipality, name="Karin Kommunchef", email="karin@a.example")
    ContactFactory(municipality=other_municipality, name="Per Persson", email="per@b.example")
    MunicipalityFactory(code="9003", name="Testkommun C")
    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="Logga in").click()
    login(page, alice)

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Omgångar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enkätomgångar")
    expect(page.get_by_text("Det finns inga omgångar ännu.")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Ny omgång").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny omgång")
    axe_check(page)

    today = timezone.localdate()
    page.get_by_label("År").fill(str(YEAR))
    page.get_by_label("Öppnar").fill(today.isoformat())
    page.get_by_label("Stänger").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Skapa omgången").click()

    expect(page).to_have_title(re.compile(r"^Fel: Ny omgång"))
    expect(page.get_by_label("Stänger")).to_have_accessible_description(
        re.compile("Omgången kan inte stänga innan den öppnar.")
    )
    axe_check(page)

    page.get_by_label("Stänger").fill((today + datetime.timedelta(weeks=6)).isoformat())
    page.get_by_role("button", name="Skapa omgången").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Omgång {YEAR}")
    expect(page.get_by_role("status")).to_have_text(f"Omgång {YEAR} är skapad.")
    expect(page.get_by_text("Inbjudningar och påminnelser kan skickas när")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Öppna", exact=True).click()

    expect(page.get_by_role("status")).to_have_text(f"Omgång {YEAR} är öppen för svar.")
    axe_check(page)

    page.get_by_role("link", name="Skicka inbjudningar…").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("2 inbjudningar till kommunchefer")
    axe_check(page)
    page.get_by_role("button", name="Ja, skicka inbjudningarna").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Inbjudningar och svar {YEAR}")
    messages = page.get_by_role("status")
    expect(messages).to_contain_text("2 inbjudningar är lagda i kö för utskick.")
    expect(messages).to_contain_text("1 kommun saknar kontaktperson")
    counts = page.get_by_role("list", name="Antal kommuner per status")
    expect(counts.get_by_role("link", name="Inbjudan skickad: 2")).to_be_visible()
    expect(counts.get_by_role("link", name="Inte inbjuden: 1")).to_be_visible()
    for name in ["Testkommun A", "Testkommun B"]:
        expect(page.get_by_role("row", name=re.compile(name))).to_contain_text("Inbjudan skickad")
    expect(page.get_by_role("row", name=re.compile("Testkommun C"))).to_contain_text(
        "Kontaktperson saknas"
    )
    axe_check(page)

    assert_one_swedish_invitation_per_contact()

    breadcrumbs = page.get_by_role("navigation", name="Brödsmulor")
    breadcrumbs.get_by_role("link", name="Enkätomgångar").click()
    expect(page.get_by_role("row", name=re.compile(str(YEAR)))).to_contain_text("0 / 2")
    axe_check(page)


def assert_one_swedish_invitation_per_contact() -> None:
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "Karin Kommunchef <karin@a.example>",
        "Per Persson <per@b.example>",
    ]
    karin = by_recipient["Karin Kommunchef <karin@a.example>"]
    assert karin.subject == f"Inbjudan till E-mognad {YEAR} för Testkommun A"
    assert karin.body.startswith("Hej Karin Kommunchef!")
    assert "Svara senast den" in karin.body
    assert len(set(mailed_links().values())) == 2
