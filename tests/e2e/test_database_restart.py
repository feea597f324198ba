"""The database restarts while a respondent answers in the browser: the page says it could
not save and tries again, keeps the answer on the page, and saves it once the database is
back. The app runs in gunicorn behind the fault tests' proxy (tests/faults)."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import SAVED, autosave_status, autosaved, choose, question
from tests.faults.processes import app_server, database_url
from tests.faults.proxy import DatabaseProxy, database_proxy
from tests.surveys.helpers import answer_of, answering_round, invite, link

TWO, THREE = "2 – I viss omfattning", "3 – I stor omfattning"
RETRYING = "Kunde inte spara – försöker igen"


@pytest.fixture
def proxy(transactional_db) -> Iterator[DatabaseProxy]:
    with database_proxy() as proxy:
        yield proxy


@pytest.fixture
def answering(browser: Browser, proxy: DatabaseProxy, municipality) -> Iterator[Page]:
    """The respondent on the first cornerstone page, come by the invitation link."""
    invitation = invite(answering_round(), municipality)
    with app_server(database_url(proxy.port)) as server:
        context = browser.new_context(base_url=server.url, locale="sv-SE")
        page = context.new_page()
        page.goto(link(invitation))
        page.get_by_label("Din roll").select_option(label="Kommunchef / kommundirektör")
        page.get_by_role("button", name="Börja svara").click()
        yield page
        context.close()


def test_an_answer_given_while_the_database_is_away_is_saved_when_it_is_back(
    answering: Page, proxy: DatabaseProxy, municipality
) -> None:
    page = answering
    autosaved(page, lambda: choose(page, "SL1", TWO))

    proxy.stop()
    with page.expect_response(lambda response: response.status == 503):
        choose(page, "SL2", THREE)
    expect(autosave_status(page)).to_have_text(RETRYING)
    expect(question(page, "SL2").get_by_label(THREE, exact=True)).to_be_checked()
    assert answer_of(municipality, "SL2") is None

    proxy.start()
    expect(autosave_status(page)).to_have_text(SAVED, timeout=60_000)
    assert (answer_of(municipality, "SL1").value, answer_of(municipality, "SL2").value) == (2, 3)
    page.reload()
    expect(question(page, "SL2").get_by_label(THREE, exact=True)).to_be_checked()
