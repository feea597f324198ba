"""The respondent's journey in a browser, from the link in the invitation mail: who answers,
two cornerstones saved by the page itself before the browser is closed, the rest another
time, review, submit, a change after submitting; and the cornerstone page on a phone.
Every page is checked for WCAG 2.1 AA violations."""

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from surveys.models import AnswerChange, ResponseStatus
from surveys.services.invitations import invitations_send_all
from tests.e2e.conftest import AxeCheck, _failed, _save_screenshot
from tests.e2e.helpers import (
    PHONE,
    autosaved,
    choose,
    mailed_links,
    question,
    scrolls_horizontally,
)
from tests.factories import ContactFactory
from tests.surveys.helpers import YEAR, answer_last_year, answering_round, official

ONE, TWO, THREE, FOUR, DONT_KNOW = (
    "1 – Inte alls",
    "2 – I viss omfattning",
    "3 – I stor omfattning",
    "4 – Fullt ut",
    "Vet ej",
)
FIRST_SITTING = {
    1: {"SL1": TWO, "SL2": THREE, "SL3": ONE, "SL4": FOUR, "SL5": TWO},
    2: {"SI1": TWO, "SI2": THREE, "SI3": ONE, "SI4": FOUR},
}
SECOND_SITTING = {
    3: {"FK1": DONT_KNOW, "FK2": TWO, "FK3": THREE, "FK4": TWO, "FK5": ONE, "FK6": THREE},
    4: {"IT1": FOUR, "IT2": DONT_KNOW, "IT3": THREE, "IT4": TWO},
}
REASON = "Ny organisation sedan i fjol"
COMMENT = "Bygglov och förskoleplats är e-tjänster sedan i våras"
REASON_LABEL = "Varför har bedömningen ändrats? (frivilligt)"
CORNERSTONES = {
    1: "Styrning och ledning",
    2: "Samverkan och IT-ekonomi",
    3: "Förändringsledning, kommunikation och kompetens",
    4: "IT-plattform, hård och mjuk infrastruktur",
}

NewContext = Callable[..., BrowserContext]


@pytest.fixture
def new_context(
    browser: Browser, live_server, request: pytest.FixtureRequest
) -> Iterator[NewContext]:
    """new_context(**options) -> another browser context, as if on another day or device."""
    contexts = []

    def make(**options) -> BrowserContext:
        context = browser.new_context(base_url=live_server.url, locale="sv-SE", **options)
        contexts.append(context)
        return context

    yield make
    for number, context in enumerate(contexts, start=1):
        if _failed(request.node):
            for page in context.pages:
                _save_screenshot(page, f"{request.node.name}-context{number}")
        context.close()


@pytest.fixture
def invitation_link(municipality) -> str:
    """The link mailed to Testkommun A's contact for an open round compared with last year,
    when the municipality answered SL1 with 3."""
    survey_round = answering_round()
    answer_last_year(survey_round, municipality, SL1=3)
    ContactFactory(municipality=municipality, name="Karin Kommunchef", email="karin@a.example")
    invitations_send_all(survey_round=survey_round)
    (link,) = mailed_links().values()
    return link


def test_respondent_answers_over_two_sittings_submits_and_changes_an_answer_afterwards(
    page: Page,
    new_context: NewContext,
    invitation_link: str,
    municipality,
    axe_check: AxeCheck,
) -> None:
    first = new_context().new_page()
    start_answering(first, invitation_link, axe_check)
    answer_first_two_cornerstones(first, axe_check)
    first.context.close()

    continue_answering(page, invitation_link, axe_check)
    see_first_sitting_kept(page, axe_check)
    answer_remaining_cornerstones(page, axe_check)
    review_and_submit(page, axe_check)
    assert official(municipality).status == ResponseStatus.SUBMITTED

    page.get_by_role("link", name="Se hur er kommun står sig").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Resultat för Testkommun A {YEAR}")
    axe_check(page)
    page.go_back()
    change_sl3_after_submission(page, axe_check)

    change = AnswerChange.objects.get(indicator__code="SL3", after_submission=True)
    assert (change.old_state, change.new_state) == ("1", "2")
    assert change.changed_by_name == "Karin Kommunchef"
    assert official(municipality).status == ResponseStatus.SUBMITTED


def start_answering(page: Page, link: str, axe_check: AxeCheck) -> None:
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Välkommen till e-förvaltningsmätningen {YEAR}"
    )
    expect(page.get_by_label("Ditt namn")).to_have_value("Karin Kommunchef")
    expect(page.get_by_label("Din e-postadress")).to_have_value("karin@a.example")
    axe_check(page)
    page.get_by_label("Din roll").select_option(label="Kommunchef / kommundirektör")
    page.get_by_role("button", name="Börja svara").click()


def answer_first_two_cornerstones(page: Page, axe_check: AxeCheck) -> None:
    """The first page saved with "Nästa"; the second only by the page itself, its last
    change a comment, before the browser is closed."""
    see_cornerstone(page, 1)
    axe_check(page)
    answer_sl1_differently_from_last_year(page)
    axe_check(page)
    answer(page, FIRST_SITTING[1])
    page.get_by_role("button", name="Nästa").click()

    see_cornerstone(page, 2)
    expect(page.get_by_role("status").filter(has_text="Dina svar är sparade.")).to_be_visible()
    expect(page.get_by_text("5 av 19 frågor besvarade")).to_be_visible()
    axe_check(page)
    answer(page, FIRST_SITTING[2])
    autosaved(page, lambda: comment_of(page, "SI4").fill(COMMENT), containing=COMMENT)
    expect(page.get_by_text("9 av 19 frågor besvarade")).to_be_visible()


def continue_answering(page: Page, link: str, axe_check: AxeCheck) -> None:
    page.goto(link)
    expect(page.get_by_text("9 av 19 frågor besvarade")).to_be_visible()
    expect(page.get_by_label("Ditt namn")).to_have_value("Karin Kommunchef")
    expect(page.get_by_label("Din roll")).to_have_value("kommunchef")
    axe_check(page)
    page.get_by_role("button", name="Fortsätt svara").click()


def see_first_sitting_kept(page: Page, axe_check: AxeCheck) -> None:
    see_cornerstone(page, 1)
    see_chosen(page, FIRST_SITTING[1])
    expect(question(page, "SL1").get_by_label(REASON_LABEL)).to_have_value(REASON)
    axe_check(page)
    page.get_by_role("button", name="Nästa").click()

    see_cornerstone(page, 2)
    see_chosen(page, FIRST_SITTING[2])
    expect(comment_of(page, "SI4")).to_have_value(COMMENT)
    axe_check(page)
    page.get_by_role("button", name="Nästa").click()


def answer_remaining_cornerstones(page: Page, axe_check: AxeCheck) -> None:
    for number, answers in SECOND_SITTING.items():
        see_cornerstone(page, number)
        axe_check(page)
        answer(page, answers)
        page.get_by_role("button", name="Nästa").click()


def review_and_submit(page: Page, axe_check: AxeCheck) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Granska och skicka in")
    expect(page.get_by_text("19 av 19 frågor besvarade")).to_be_visible()
    expect(page.get_by_text("saknar svar")).to_have_count(0)
    expect(page.get_by_text("Obesvarad")).to_have_count(0)
    expect(page.get_by_text(f"Varför bedömningen ändrats: {REASON}")).to_be_visible()
    expect(page.get_by_text(f"Kommentar: {COMMENT}")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Skicka in svaren").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tack! Svaren är inskickade")
    expect(page.get_by_text("Du kan ändra svaren tills omgången stänger")).to_be_visible()
    axe_check(page)


def change_sl3_after_submission(page: Page, axe_check: AxeCheck) -> None:
    page.get_by_role("link", name="Ändra svaren").click()
    see_cornerstone(page, 1)
    expect(page.get_by_text("Du kan ändra dem tills omgången stänger.")).to_be_visible()
    axe_check(page)
    autosaved(page, lambda: choose(page, "SL3", TWO))


def answer_sl1_differently_from_last_year(page: Page) -> None:
    """Last year's level is shown; the reason field appears only for a different level."""
    sl1 = question(page, "SL1")
    reason = sl1.get_by_label(REASON_LABEL)
    expect(sl1.get_by_text("Förra året: 3")).to_be_visible()
    expect(reason).to_be_hidden()

    choose(page, "SL1", THREE)
    expect(reason).to_be_hidden()

    choose(page, "SL1", TWO)
    expect(reason).to_be_visible()
    reason.fill(REASON)


def see_cornerstone(page: Page, number: int) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Hörnsten {number}: {CORNERSTONES[number]}"
    )


def answer(page: Page, answers: dict[str, str]) -> None:
    for code, level in answers.items():
        choose(page, code, level)


def see_chosen(page: Page, answers: dict[str, str]) -> None:
    for code, level in answers.items():
        expect(question(page, code).get_by_label(level, exact=True)).to_be_checked()


def comment_of(page: Page, code: str) -> Locator:
    return question(page, code).get_by_label("Kommentar (frivillig)")


def test_cornerstone_page_fits_a_phone_and_its_radios_answer_to_a_tap(
    new_context: NewContext, invitation_link: str, axe_check: AxeCheck
) -> None:
    page = new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    page.goto(invitation_link)
    page.get_by_label("Din roll").select_option(label="IT-chef")
    page.get_by_role("button", name="Börja svara").tap()

    see_cornerstone(page, 1)
    assert not scrolls_horizontally(page)
    axe_check(page)

    sl5 = question(page, "SL5")
    label = sl5.locator("label").get_by_text(DONT_KNOW, exact=True)
    autosaved(page, label.tap)
    expect(sl5.get_by_label(DONT_KNOW, exact=True)).to_be_checked()
    box = label.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["height"] >= 24
    next_page = page.get_by_role("button", name="Nästa")
    next_page.scroll_into_view_if_needed()
    expect(next_page).to_be_in_viewport()
    assert not scrolls_horizontally(page)
