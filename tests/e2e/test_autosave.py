"""The cornerstone page's autosave in a browser: a comment typed before a level is kept
and saved with the level; a save refused for good (here: the session is gone, so Django
refuses the form) is not sent again and the page says what to do, in Swedish; and a
conflict with the same browser's other tab says so instead of "someone else"."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from surveys.models import Answer, Invitation
from tests.e2e.helpers import autosave_status, autosaved, choose, question
from tests.surveys.helpers import answering_round, invite, link
from tests.surveys.helpers import page as page_path

TWO, THREE, FOUR = "2 – I viss omfattning", "3 – I stor omfattning", "4 – Fullt ut"
COMMENT = "Beror på förvaltning"


@pytest.fixture
def first_page(page: Page, municipality) -> Page:
    """Karin came in by her link, said who answers and is on the first cornerstone."""
    invitation = invite(answering_round(), municipality)
    page.goto(link(invitation))
    page.get_by_label("Din roll").select_option(label="Kommunchef / kommundirektör")
    page.get_by_role("button", name="Börja svara").click()
    expect(page).to_have_url(re.compile(re.escape(page_path(1)) + "$"))
    return page


def comment_of(page: Page, code: str):
    return question(page, code).get_by_label("Kommentar (frivillig)")


def answer(code: str) -> Answer | None:
    return Answer.objects.filter(indicator__code=code).first()


def test_a_comment_typed_before_a_level_is_kept_and_saved_with_the_level(first_page: Page):
    page = first_page
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        comment_of(page, "SL2").fill(COMMENT)
    assert response.value.json()["waiting"] == ["SL2"]
    expect(autosave_status(page)).to_contain_text(
        "Kommentaren till SL2 sparas när du har valt ett svar på frågan."
    )
    expect(comment_of(page, "SL2")).to_have_value(COMMENT)
    assert answer("SL2") is None

    autosaved(page, lambda: choose(page, "SL2", THREE), containing=COMMENT)

    assert (answer("SL2").value, answer("SL2").comment) == (3, COMMENT)
    page.reload()
    expect(comment_of(page, "SL2")).to_have_value(COMMENT)


def test_a_save_refused_for_good_is_not_sent_again_and_the_page_says_what_to_do(
    first_page: Page,
):
    """The link was handed over meanwhile: the page answers 404 (Django's page, no JSON),
    which no retry will change."""
    page = first_page
    posts = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)
    Invitation.objects.update(revoked_at=timezone.now())

    with page.expect_response(lambda r: r.request.method == "POST") as refused:
        choose(page, "SL1", TWO)

    assert refused.value.status == 404
    expect(autosave_status(page)).to_have_text(
        re.compile(r"^Det gick inte att spara: du har inte längre tillgång till svaren")
    )
    expect(autosave_status(page)).not_to_contain_text("försöker igen")
    assert len(posts) == 1
    assert answer("SL1") is None


def test_a_form_refused_as_too_old_is_not_sent_again(first_page: Page):
    """Signed out in the meantime: Django refuses the form (CSRF), the page says so."""
    page = first_page
    posts = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)
    page.context.clear_cookies()

    with page.expect_response(lambda r: r.request.method == "POST") as refused:
        choose(page, "SL1", TWO)

    assert refused.value.status == 403
    expect(autosave_status(page)).to_have_text(
        re.compile(r"^Inget sparades: sidan har hunnit bli för gammal.* Ladda om sidan")
    )
    assert len(posts) == 1
    assert answer("SL1") is None


def test_a_conflict_with_the_same_browsers_other_tab_says_so(first_page: Page):
    page = first_page
    other_tab = page.context.new_page()
    other_tab.goto(page_path(1))

    autosaved(other_tab, lambda: choose(other_tab, "SL1", TWO))
    with page.expect_response(lambda r: r.request.method == "POST") as conflict:
        choose(page, "SL1", FOUR)

    assert conflict.value.status == 409
    box = page.locator("#autosave-conflict")
    expect(box).to_be_visible()
    expect(box).to_contain_text(
        "Du har ändrat detta i en annan flik sedan du öppnade den här sidan. Inget skrevs över."
    )
    expect(box.get_by_role("listitem")).to_have_text(
        re.compile(r"^Du har ändrat SL1 till 2 i en annan flik")
    )
    assert answer("SL1").value == 2
