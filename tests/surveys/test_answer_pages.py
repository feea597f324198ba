"""The respondent's pages: the invitation link, who answers, what a cornerstone page shows,
handing the link over. That nobody else gets in is the permission matrix's to check
(tests/test_permission_matrix.py), for every answer page and every viewer."""

import re

import pytest
from django.core import mail
from django.test import Client

from surveys.models import Invitation, Response, ResponseStatus
from surveys.services import round_close
from surveys.services.invitations import invitation_token
from tests.surveys.helpers import (
    CODE,
    RESPONDENT,
    YEAR,
    answer_all,
    answer_last_year,
    answering_round,
    enter_and_start,
    invite,
    link,
    loaded,
    page,
    url,
)


@pytest.fixture
def survey_round(db):
    return answering_round()


@pytest.fixture
def invitation(survey_round, municipality):
    return invite(survey_round, municipality)


@pytest.fixture
def respondent(client, invitation):
    enter_and_start(client, invitation)
    return client


def text(response) -> str:
    return response.content.decode()


def test_the_link_signs_in_and_leaves_the_token_out_of_the_address(client, invitation):
    entered = client.get(link(invitation), follow=True)

    assert entered.redirect_chain == [(url("answer_start"), 302)]
    assert invitation_token(invitation) not in entered.redirect_chain[-1][0]
    assert "Vem svarar?" in text(entered)
    invitation.refresh_from_db()
    assert invitation.opened_at is not None


@pytest.mark.parametrize("token", ["0" * 64, "inte-en-token"])
def test_an_unknown_link_says_it_does_not_work_and_whom_to_ask(client, invitation, token):
    refused = client.get(f"/inbjudan/{token}/")

    assert refused.status_code == 404
    assert "Länken gäller inte" in text(refused)
    assert "lämnats över till en kollega" in text(refused)
    assert client.get(url("answer_start")).status_code == 404


def test_a_link_of_a_closed_round_says_the_round_is_closed(client, invitation, survey_round):
    round_close(survey_round=survey_round)

    closed = client.get(link(invitation))

    assert closed.status_code == 410
    assert "E-förvaltningsmätningen 2025 tar inte emot svar just nu" in text(closed)
    assert client.get(url("answer_start")).status_code == 404


def test_the_start_page_is_filled_in_with_the_invited_person(client, invitation):
    client.get(link(invitation))

    form = client.get(url("answer_start")).context["form"]

    assert form["name"].value() == "Karin Kommunchef"
    assert form["email"].value() == RESPONDENT["email"]


def test_a_member_starts_with_their_own_name_and_role(client_of, bob, survey_round, municipality):
    client = client_of(bob)

    form = client.get(url("answer_start")).context["form"]
    started = client.post(
        url("answer_start"), {"name": "Bob Berg", "email": bob.email, "role": "it-chef"}
    )

    assert (form["name"].value(), form["email"].value()) == ("Bob Berg", bob.email)
    assert form["role"].value() == "kommunchef"
    assert started["Location"] == page(1)
    response = Response.objects.get(municipality=municipality)
    assert (response.respondent_name, response.respondent_role) == ("Bob Berg", "it-chef")


def test_the_start_page_refuses_a_missing_role_and_a_bad_address(client, invitation):
    client.get(link(invitation))

    refused = client.post(url("answer_start"), {"name": "Karin", "email": "karin", "role": ""})

    assert refused.status_code == 200
    assert refused.context["form"].errors.keys() == {"email", "role"}
    assert not Response.objects.exists()


def test_a_cornerstone_page_is_only_reached_after_saying_who_answers(client, invitation):
    client.get(link(invitation))

    assert client.get(page(1))["Location"] == url("answer_start")


def test_a_cornerstone_page_shows_the_scenario_first_then_each_question_with_its_levels(
    respondent,
):
    html = text(respondent.get(page(1)))

    scenario = html.index("I vår kommun finns ett politiskt engagemang")
    characteristic = html.index("Det finns ett politiskt engagemang och tydliga politiska beslut")
    question = html.index("I vilken omfattning finns e-strategier nedtecknade?")
    assert scenario < characteristic < question
    assert "<legend" in html[characteristic:question]
    for label in ("1 – Inte alls", "2 – I viss omfattning", "3 – I stor omfattning"):
        assert label in html
    assert "4 – Fullt ut" in html and "Vet ej" in html
    assert "Hörnsten 1 av 4" in html
    assert "0 av 19 frågor besvarade" in html


def test_progress_counts_the_answered_questions(respondent):
    respondent.post(page(1), loaded(respondent, 1) | {"SL1-state": "2", "SL2-state": "dk"})

    html = text(respondent.get(page(2)))

    assert "Hörnsten 2 av 4" in html
    assert "2 av 19 frågor besvarade" in html
    assert re.search(r'<progress[^>]* max="19" value="2"', html)


def test_last_years_answer_is_shown_beside_each_question_with_a_place_for_a_reason(
    respondent, survey_round, municipality
):
    answer_last_year(survey_round, municipality, SL1=3, SL2=None)

    html = text(respondent.get(page(1)))

    assert "Förra året: 3" in html
    assert "Förra året: vet ej" in html
    assert html.count("Varför har bedömningen ändrats?") == 2


def test_a_reason_for_a_changed_level_is_kept(respondent, survey_round, municipality):
    answer_last_year(survey_round, municipality, SL1=3)
    reason = "Ny e-strategi antagen"

    respondent.post(page(1), loaded(respondent, 1) | {"SL1-state": "4", "SL1-reason": reason})

    response = Response.objects.get(round=survey_round, municipality=municipality)
    assert response.answers.get().change_reason == reason
    assert f"Varför bedömningen ändrats: {reason}" in text(respondent.get(url("answer_review")))


def test_last_year_is_not_shown_from_another_municipality(
    respondent, survey_round, other_municipality
):
    answer_last_year(survey_round, other_municipality, SL1=3)

    assert "Förra året" not in text(respondent.get(page(1)))


def test_last_year_is_not_shown_from_a_response_never_submitted(
    respondent, survey_round, municipality
):
    draft = answer_last_year(survey_round, municipality, SL1=3)
    Response.objects.filter(pk=draft.pk).update(status=ResponseStatus.DRAFT, submitted_at=None)

    assert "Förra året" not in text(respondent.get(page(1)))


def test_the_review_lists_unanswered_questions_with_links_to_their_page(respondent):
    respondent.post(page(1), loaded(respondent, 1) | {"SL1-state": "2"})

    html = text(respondent.get(url("answer_review")))

    assert "18 frågor saknar svar" in html
    assert f'href="{page(1)}#id_SL2-state"' in html
    assert f'href="{page(4)}#id_IT4-state"' in html
    assert "2 – I viss omfattning" in html
    assert "Skicka in svaren" in html


def test_a_submitted_response_says_so_and_that_changes_are_possible(respondent):
    answer_all(respondent, "dk")
    respondent.post(url("answer_submit"))

    review = text(respondent.get(url("answer_review")))

    assert "Svaren skickades in" in review
    assert "Du kan ändra dem tills omgången stänger" in review
    assert "Skicka in svaren" not in review


def test_the_thank_you_page_waits_for_a_submission(respondent):
    assert respondent.get(url("answer_done"))["Location"] == url("answer_review")


def test_handing_over_sends_a_new_link_and_ends_the_old_one(
    respondent, invitation, django_capture_on_commit_callbacks
):
    elsewhere = Client()
    elsewhere.get(link(invitation))

    with django_capture_on_commit_callbacks(execute=True):
        handed = respondent.post(
            url("answer_hand_over"), {"name": "Sara Säker", "email": "sara@kommun-a.example"}
        )

    assert handed["Location"] == url("answer_handed_over")
    confirmation = text(respondent.get(handed["Location"]))
    assert "Sara Säker har fått en ny länk" in confirmation
    [sent] = mail.outbox
    assert sent.to[0].endswith("<sara@kommun-a.example>")
    successor = Invitation.objects.get(handed_over_from=invitation)
    assert invitation_token(successor) in sent.body
    assert respondent.get(url("answer_start")).status_code == 404
    assert elsewhere.get(page(1)).status_code == 404
    assert Client().get(link(invitation)).status_code == 404
    assert Client().get(link(successor), follow=True).status_code == 200


def test_only_a_link_holder_can_hand_over(client_of, bob, survey_round):
    assert client_of(bob).get(url("answer_hand_over")).status_code == 404


def test_the_hand_over_confirmation_is_only_for_the_one_who_handed_over(client, invitation):
    assert client.get(url("answer_handed_over")).status_code == 404


def test_an_invitation_for_another_municipality_does_not_open_this_one(
    client, survey_round, other_municipality
):
    client.get(link(invite(survey_round, other_municipality)))

    assert client.get(url("answer_start")).status_code == 404
    assert client.get(f"/svar/{YEAR}/{other_municipality.code}/").status_code == 200


def test_a_page_that_does_not_exist_is_404(respondent):
    assert respondent.get(page(5)).status_code == 404
    assert respondent.get(f"/svar/1999/{CODE}/").status_code == 404


@pytest.mark.parametrize("member", [False, True])
def test_a_cornerstone_page_runs_a_bounded_number_of_queries(
    client, invitation, bob, survey_round, municipality, django_assert_max_num_queries, member
):
    answer_last_year(survey_round, municipality, SL1=3, SL2=None)
    if member:
        client.force_login(bob)
        client.post(url("answer_start"), RESPONDENT)
    else:
        enter_and_start(client, invitation)
    client.post(page(1), loaded(client, 1) | {"SL1-state": "2", "SL1-comment": "Beslutad"})

    with django_assert_max_num_queries(14):
        assert client.get(page(1)).status_code == 200


def test_back_by_the_link_the_cornerstone_pages_work_at_once(invitation):
    first_sitting = Client()
    enter_and_start(first_sitting, invitation)
    first_sitting.post(page(1), loaded(first_sitting, 1) | {"SL1-state": "3"})

    later = Client()  # the browser was closed; the link from the mail opened again
    later.get(link(invitation))
    tab = later.get(page(2))

    assert tab.status_code == 200
    saved = later.post(page(2), loaded(later, 2) | {"SI1-state": "2"})
    assert saved.status_code == 302
    response = Response.objects.get()
    assert {a.indicator.code: a.value for a in response.answers.select_related("indicator")} == {
        "SL1": 3,
        "SI1": 2,
    }


def test_an_english_page_shows_the_scenario_in_english_marked_as_a_translation(respondent):
    respondent.cookies["django_language"] = "en"

    html = text(respondent.get(page(1)))

    assert "In our municipality there is political commitment" in html
    assert "I vår kommun finns ett politiskt engagemang" not in html
    assert "Working translation" in html
