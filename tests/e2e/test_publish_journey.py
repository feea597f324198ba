"""Publishing in a browser: national staff publish a closed round on a page that says it is
final and states how few answered, confirm twice, and then anyone, signed in or not, reads
the public version of the national report; every page free of WCAG 2.1 AA violations."""

import re

from playwright.sync_api import Page, expect

from reports.services import round_recompute
from tests.e2e.conftest import AxeCheck, Login
from tests.e2e.helpers import PHONE
from tests.factories import MunicipalityFactory, SurveyRoundFactory
from tests.reports.helpers import submit

YEAR = 2025


def test_staff_publish_and_the_public_reads_the_report(
    page: Page, alice, municipality, other_municipality, login: Login, axe_check: AxeCheck
) -> None:
    survey_round = SurveyRoundFactory(year=YEAR, status="closed")
    for code in ("9003", "9004", "9005"):  # invited, never answered
        MunicipalityFactory(code=code)
    for place, level in ((municipality, 2), (other_municipality, 3)):
        submit(survey_round, place, {"SL1": level, "SL2": level})
    round_recompute(survey_round=survey_round)

    page.goto(f"/rapporter/{YEAR}/")
    expect(page).to_have_url(re.compile(r"/konto/logga-in/"))  # not published yet
    login(page, alice)
    page.goto(f"/omgangar/{YEAR}/")
    page.get_by_role("link", name="Publicera…").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Publicera omgång {YEAR}")
    expect(page.get_by_text("Publiceringen är slutgiltig.", exact=True)).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Bara 2 av 5 kommuner, 40,0 % har svarat")
    axe_check(page)

    page.get_by_label("Jag förstår att publiceringen är slutgiltig.").check()
    page.get_by_role("button", name=f"Publicera omgång {YEAR}").click()
    expect(page).to_have_title(re.compile(r"^Fel: Publicera"))
    expect(
        page.get_by_text("Bekräfta att omgången ska publiceras fast bara 2 av 5")
    ).to_be_visible()
    axe_check(page)

    page.get_by_label("Jag förstår att publiceringen är slutgiltig.").check()
    page.get_by_label(re.compile("Publicera ändå, fast bara 2 av 5 kommuner")).check()
    page.get_by_role("button", name=f"Publicera omgång {YEAR}").click()
    expect(page.get_by_role("status")).to_have_text(f"Omgång {YEAR} är publicerad.")

    page.goto(f"/rapporter/{YEAR}/")
    expect(page.get_by_text("Internt underlag – innehåller små grupper").first).to_be_visible()
    expect(page.get_by_role("link", name="Offentlig version som PDF")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Logga ut").click()
    page.goto("/")
    page.get_by_role("link", name=f"Nationell rapport {YEAR}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Nationell rapport {YEAR}")
    expect(page.get_by_text(re.compile("Offentlig version, publicerad"))).to_be_visible()
    expect(page.get_by_text("Internt underlag")).to_have_count(0)
    expect(
        page.get_by_role("link", name="Riksmedel per indikator, hörnsten och totalt (CSV)")
    ).to_be_visible()
    axe_check(page)

    # On a phone the report's tables scroll sideways: each is a focusable, named region.
    page.set_viewport_size(PHONE)
    page.reload()
    table = page.get_by_role("region", name="Tabell: medelvärde per indikator, hörnsten och totalt")
    table.focus()
    expect(table).to_be_focused()
    axe_check(page)
