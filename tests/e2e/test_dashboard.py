"""The municipality's dashboard in a browser, after a submission: charts drawn from the
locally served Plotly, their numbers beside them, no WCAG 2.1 AA violations on a desktop or
a phone."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.conftest import AxeCheck, Login
from tests.reports.helpers import dashboard_case

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def rounds(municipality, other_municipality, settings):
    """The dashboard's case computed by hand (tests/reports/test_dashboard.py)."""
    settings.SMALL_GROUP_THRESHOLD = 3
    return dashboard_case(municipality, other_municipality)


def test_member_reads_the_dashboard_with_charts_and_tables(
    page: Page,
    rounds,
    bob,
    login: Login,
    axe_check: AxeCheck,
) -> None:
    call_command("load_reference", stdout=io.StringIO())
    page.goto(reverse("login"))
    login(page, bob)

    page.goto(reverse("municipality_dashboard", kwargs={"year": 2025, "code": "9001"}))

    expect(page.get_by_role("heading", level=1)).to_have_text("Resultat för Testkommun A 2025")
    for chart in ["chart-cornerstones", "chart-indicators", "chart-distribution", "chart-trend"]:
        expect(page.locator(f"#{chart} svg.main-svg").first).to_be_visible()
    expect(page.get_by_role("img", name="Spindeldiagram över de fyra hörnstenarna")).to_be_visible()
    expect(page.get_by_role("table", name="Hörnstenar och totalvärde")).to_contain_text("2,5")
    expect(page.get_by_text("dold (n = 2)").first).to_be_visible()
    axe_check(page)

    page.set_viewport_size(PHONE)
    expect(page.get_by_role("heading", name="Utveckling över tid")).to_be_visible()
    axe_check(page)
