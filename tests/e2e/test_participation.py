"""The participation list as national staff use it on a phone: from the home page's round
to the list, filtered and sorted, one municipality reminded, then everyone who has not
started, after a confirmation that says how many; every page free of WCAG 2.1 AA
violations and of sideways scrolling."""

import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from surveys.models import Invitation, Response, RoundStatus
from surveys.services.invitations import invitations_create
from tests.e2e.conftest import AxeCheck, Login
from tests.e2e.helpers import PHONE
from tests.factories import (
    ContactFactory,
    CountyFactory,
    MunicipalityFactory,
    SurveyRoundFactory,
    load_questionnaire,
)


def scrolls_sideways(page: Page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_staff_follow_a_round_on_a_phone(page: Page, alice, login: Login, axe_check: AxeCheck):
    survey_round = SurveyRoundFactory(
        current=True, status=RoundStatus.OPEN, questionnaire=load_questionnaire(), closes_in_days=9
    )
    north, south = CountyFactory(code="25", name="Norrbottens län"), CountyFactory(code="12")
    names = {"9501": "Kiruna", "9502": "Luleå", "9503": "Malmö", "9504": "Lund"}
    for code, name in names.items():
        municipality = MunicipalityFactory(
            code=code, name=name, county=north if code < "9503" else south
        )
        ContactFactory(municipality=municipality, email=f"chef@{code}.example")
    invitations_create(survey_round=survey_round)
    Invitation.objects.update(sent_at=timezone.now())
    Response.objects.create(round=survey_round, municipality_id=municipality.pk)  # Lund: draft
    page.set_viewport_size(PHONE)
    login(page, alice)

    page.goto("/")
    overview = page.get_by_role("region", name=re.compile(r"Omgång 2026"))
    expect(overview).to_contain_text("9 dagar kvar")
    expect(overview).to_contain_text("0 av 4 kommuner har skickat in")
    expect(overview).to_contain_text("3 till kommuner som inte börjat")
    assert not scrolls_sideways(page)
    axe_check(page)

    overview.get_by_role("link", name="Varje kommuns status, påminn och skicka om").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbjudningar och svar 2026")
    page.get_by_label("Län").select_option(label="Norrbottens län")
    page.get_by_role("button", name="Filtrera").click()
    expect(page.get_by_text("2 kommuner visas")).to_be_visible()
    page.get_by_role(
        "link", name=re.compile(r"^Kommun\b.*sortera fallande")
    ).click()  # by name, descending
    rows = page.get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Luleå")
    expect(rows.nth(2)).to_contain_text("Kiruna")
    expect(page.get_by_label("Län")).to_have_value("25")
    assert not scrolls_sideways(page)
    axe_check(page)

    page.get_by_role("button", name="Påminn Kiruna").click()
    expect(page.get_by_role("status")).to_contain_text(
        "En påminnelse till Kiruna (chef@9501.example) är lagd i kö"
    )
    expect(page.get_by_text("2 kommuner visas")).to_be_visible()  # the filter is kept
    page.get_by_role("button", name="Påminn Kiruna").click()
    expect(page.get_by_role("status")).to_contain_text("Kiruna har redan fått en påminnelse i dag")
    axe_check(page)

    page.get_by_role("link", name="Påminn dem som inte börjat…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "2 påminnelser till kommuner som inte börjat"
    )
    assert not scrolls_sideways(page)
    axe_check(page)
    page.get_by_role("button", name="Ja, skicka påminnelserna").click()
    expect(page.get_by_role("status")).to_contain_text("2 påminnelser är lagda i kö")
    expect(page.get_by_text("2 kommuner visas")).to_be_visible()
    reminded = sorted(message.to[0].split("<")[1] for message in mail.outbox)
    assert reminded == ["chef@9501.example>", "chef@9502.example>", "chef@9503.example>"]
