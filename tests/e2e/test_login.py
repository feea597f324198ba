"""Signing in, the page chrome around every page, and the first staff pages, in a browser."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import FilePayload, Page, expect

from tests.e2e.conftest import AxeCheck, Login, login_url
from tests.factories import ContactFactory

PHONE = {"width": 390, "height": 844}
BAD_CONTACTS_CSV: FilePayload = {
    "name": "kontakter.csv",
    "mimeType": "text/csv",
    "buffer": b"municipality_code,name,email,title\n9999,Nils Nilsson,inte-en-adress,\n",
}


def test_visitor_logs_in_from_home_page_and_sees_own_municipality(
    page: Page, live_server, bob, login: Login, axe_check: AxeCheck
) -> None:
    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    axe_check(page)

    login(page, bob)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("main").get_by_role("heading", name="Testkommun A")).to_be_visible()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    axe_check(page)


def test_wrong_password_shows_swedish_error_and_stays_on_login_page(
    page: Page, bob, axe_check: AxeCheck
) -> None:
    page.goto(reverse("login"))
    page.get_by_label("E-postadress").fill(bob.email)
    page.get_by_label("Lösenord").fill("fel-lösenord")
    page.get_by_role("button", name="Logga in").click()

    expect(page.get_by_role("alert")).to_contain_text("Fel e-postadress eller lösenord")
    expect(page).to_have_title(re.compile(r"^Fel: Logga in"))
    expect(page).to_have_url(login_url())
    expect(page.get_by_label("E-postadress")).to_have_value(bob.email)
    expect(page.get_by_role("button", name="Logga ut")).to_have_count(0)
    axe_check(page)


def test_skip_link_is_focused_first_and_moves_focus_to_main(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")

    skip_link = page.get_by_role("link", name="Hoppa till innehållet")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


def test_language_switch_changes_the_interface_to_english(page: Page) -> None:
    page.goto(reverse("login"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")

    page.get_by_label("Språk").select_option(label="English")
    page.get_by_role("button", name="Byt språk").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(login_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    expect(page.get_by_label("E-mail address")).to_be_visible()
    expect(page.get_by_role("link", name="Skip to content")).to_be_attached()
    expect(page.locator("#language-select")).to_have_value("en")


@pytest.mark.parametrize("url_name", ["home", "login"])
def test_phone_viewport_collapses_nav_behind_toggler_without_horizontal_scroll(
    page: Page, url_name: str
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(reverse(url_name))
    nav = page.get_by_role("navigation", name="Huvudmeny")
    login_link = nav.get_by_role("link", name="Logga in")
    toggler = nav.get_by_role("button", name="Visa menyn")
    expect(login_link).to_be_hidden()

    toggler.click()

    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(login_link).to_be_visible()
    assert not _scrolls_horizontally(page)


def _scrolls_horizontally(page: Page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_staff_municipality_pages_have_no_accessibility_violations(
    page: Page, alice, municipality, login: Login, axe_check: AxeCheck
) -> None:
    ContactFactory(municipality=municipality, name="Karin Kommunchef")
    login(page, alice)
    pages = {
        reverse("municipality_list"): "Kommuner",
        reverse("municipality_detail", args=["9001"]): "Testkommun A",
        reverse("contact_edit", args=["9001"]): "Kontaktperson för Testkommun A",
        reverse("contacts_import"): "Importera kontaktpersoner",
        reverse("personal_data"): "Personuppgifter",
    }
    for path, heading in pages.items():
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        axe_check(page)


def test_staff_form_errors_are_shown_and_accessible(
    page: Page, alice, municipality, login: Login, axe_check: AxeCheck
) -> None:
    login(page, alice)
    page.goto(reverse("contact_edit", args=["9001"]))
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_label("Namn")).to_have_accessible_description(
        "Det här fältet är obligatoriskt."
    )
    axe_check(page)

    page.goto(reverse("contacts_import"))
    page.get_by_label("CSV-fil med kontaktpersoner").set_input_files(BAD_CONTACTS_CSV)
    page.get_by_role("button", name="Importera").click()
    expect(page.get_by_role("alert")).to_contain_text("Rad 2")
    axe_check(page)


def test_password_reset_page_is_accessible_and_confirms_sending(
    page: Page, bob, axe_check: AxeCheck
) -> None:
    page.goto(reverse("login"))
    page.get_by_role("link", name="Glömt lösenordet?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Återställ lösenord")
    axe_check(page)

    page.get_by_label("E-postadress").fill(bob.email)
    page.get_by_role("button", name="Skicka länk").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kolla din e-post")
    axe_check(page)


def test_privacy_page_and_personal_data_search_are_accessible(
    page: Page, alice, municipality, login: Login, axe_check: AxeCheck
) -> None:
    ContactFactory(municipality=municipality, email="karin@kommun-a.example")
    page.goto(reverse("home"))
    page.get_by_role("link", name="Integritet och personuppgifter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Integritet och personuppgifter")
    axe_check(page)

    login(page, alice)
    page.goto(reverse("personal_data"))
    page.get_by_label("E-postadress").fill("KARIN@kommun-a.example")
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_text("karin@kommun-a.example").first).to_be_visible()
    axe_check(page)
