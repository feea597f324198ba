"""Browser fixtures: one headless Debian chromium per session, a fresh context per test.

Playwright's sync API keeps an event loop running in the test thread, so Django would
refuse ORM calls from fixtures and tests without DJANGO_ALLOW_ASYNC_UNSAFE.
"""

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.base_user import AbstractBaseUser
from django.urls import reverse
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from tests.factories import PASSWORD

E2E_DIR = Path(__file__).parent
ARTIFACTS_DIR = E2E_DIR.parent.parent / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

AxeCheck = Callable[[Page], None]
Login = Callable[[Page, AbstractBaseUser], None]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    # Django refuses ORM calls while Playwright's loop runs in this thread unless told to;
    # told only for this package, so other tests' subprocesses never inherit it.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    refused = []  # what the Content-Security-Policy blocked, on any page the test visited
    page.on("console", lambda message: _note_csp_refusal(message, refused))
    yield page
    if _failed(request.node):
        _save_screenshot(page, request.node.name)
    context.close()
    if refused and not _failed(request.node):
        pytest.fail("The Content-Security-Policy blocked:\n" + "\n".join(refused), pytrace=False)


def _note_csp_refusal(message: ConsoleMessage, refused: list[str]) -> None:
    if "Content Security Policy" in message.text:
        refused.append(f"{message.location.get('url', '')}: {message.text}")


def _failed(item: pytest.Item) -> bool:
    reports = (getattr(item, f"report_{when}", None) for when in ("setup", "call"))
    return any(report is not None and report.failed for report in reports)


def _save_screenshot(page: Page, test_name: str) -> None:
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    safe_name = re.sub(r"[^\w.-]+", "_", test_name)
    page.screenshot(path=ARTIFACTS_DIR / f"{safe_name}.png", full_page=True)


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def axe_check(axe: Axe) -> AxeCheck:
    """axe_check(page) fails the test if axe-core finds WCAG 2.1 A/AA violations."""

    def check(page: Page) -> None:
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            pytest.fail(_describe_violations(page.url, violations), pytrace=False)

    return check


def _describe_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {', '.join(node['target'])}" for node in violation["nodes"])
    return "\n".join(lines)


def login_url() -> re.Pattern[str]:
    return re.compile(re.escape(reverse("login")))


@pytest.fixture
def login() -> Login:
    """login(page, user) signs in through the real login page and waits to leave it."""

    def sign_in(page: Page, user: AbstractBaseUser) -> None:
        if not login_url().search(page.url):
            page.goto(reverse("login"))
        page.get_by_label("E-postadress").fill(user.email)
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        expect(page).not_to_have_url(login_url())

    return sign_in
