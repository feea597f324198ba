"""National staff who follow a municipality's invitation link while signed in are asked
first: staying keeps them signed in, continuing signs them out and into the link."""

from django.urls import reverse
from playwright.sync_api import Page, expect

from surveys.services.invitations import invitation_token
from tests.e2e.conftest import AxeCheck, Login
from tests.surveys.helpers import answering_round, invite


def test_staff_following_a_link_choose_between_their_account_and_the_link(
    page: Page, live_server, alice, municipality, login: Login, axe_check: AxeCheck
) -> None:
    invitation = invite(answering_round(), municipality)
    link = reverse("invitation_enter", kwargs={"token": invitation_token(invitation)})
    login(page, alice)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Du är redan inloggad")
    expect(page.get_by_text("Testkommun A")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Stanna inloggad").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_text("Alice Andersson")).to_be_visible()

    page.goto(link)
    page.get_by_role("button", name="Logga ut och fortsätt med länken").click()

    expect(page).to_have_url(f"{live_server.url}/svar/{invitation.round.year}/9001/")
    expect(page.get_by_text("Alice Andersson")).not_to_be_visible()
    # Signed in now by the link, and the header says so.
    expect(page.get_by_role("navigation").get_by_text("Inloggad via inbjudan")).to_be_visible()
