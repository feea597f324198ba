"""Steps the journey tests share: the links in the invitation mails, and a cornerstone
page's questions, answered by clicking their labels and saved by the page itself."""

import re
from collections.abc import Callable

from django.core import mail
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import Response as BrowserResponse

from tests.surveys.helpers import token_in

PHONE = {"width": 390, "height": 844}
SAVED = re.compile(r"^Sparat \d{1,2}:\d{2}$")


def mailed_links() -> dict[str, str]:
    """Each recipient's invitation link in the outbox, as a path on the test server (the
    mail's absolute link names the configured site, not the test server)."""
    return {
        message.to[0]: reverse("invitation_enter", kwargs={"token": token_in(message)})
        for message in mail.outbox
    }


def question(page: Page, code: str) -> Locator:
    """The fieldset of one indicator, named by its legend ("SL1. I vilken omfattning …")."""
    return page.get_by_role("group", name=re.compile(rf"^{code}\. "))


def choose(page: Page, code: str, level: str) -> None:
    """Click the level's label, as a respondent does, and see its radio checked."""
    group = question(page, code)
    group.locator("label").get_by_text(level, exact=True).click()
    expect(group.get_by_label(level, exact=True)).to_be_checked()


def autosave_status(page: Page) -> Locator:
    return page.locator("#autosave-status")


def autosaved(page: Page, change: Callable[[], None], *, containing: str = "") -> None:
    """Make the change and wait for the page's own save of it (the first background save
    whose form carries `containing`), then for the live region to say it is saved."""

    def carries_change(response: BrowserResponse) -> bool:
        request = response.request
        return (
            request.method == "POST"
            and request.headers.get("x-requested-with") == "fetch"
            and containing in (request.post_data or "")
        )

    with page.expect_response(carries_change) as saved:
        change()
    assert saved.value.json()["saved"] is True
    expect(autosave_status(page)).to_have_text(SAVED)


def scrolls_horizontally(page: Page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
