"""Answering through the pages: the whole journey, autosave, conflicts between two editors,
bad input, double submit and a closed round."""

import json
import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from surveys import signals
from surveys.models import AnswerChange, Indicator, ResponseStatus, SurveyRound
from surveys.services import (
    AnswerInput,
    Editor,
    answers_save,
    response_start,
    response_submit,
    round_close,
)
from tests.surveys.helpers import (
    RESPONDENT,
    YEAR,
    answer_all,
    answer_of,
    answering_round,
    as_posted,
    enter_and_start,
    invite,
    link,
    loaded,
    official,
    page,
    url,
)

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch", "HTTP_ACCEPT": "application/json"}
PAGES = {1: ["SL1", "SL2", "SL3", "SL4", "SL5"], 2: ["SI1", "SI2", "SI3", "SI4"]}
PAGES |= {3: ["FK1", "FK2", "FK3", "FK4", "FK5", "FK6"], 4: ["IT1", "IT2", "IT3", "IT4"]}


@pytest.fixture
def survey_round(db):
    return answering_round()


@pytest.fixture
def invitation(survey_round, municipality):
    return invite(survey_round, municipality)


@pytest.fixture
def respondent(client, invitation):
    """A client that came in by the invitation link and said who answers."""
    enter_and_start(client, invitation)
    return client


@pytest.fixture
def colleague(survey_round, bob):
    """Bob, a member of the same municipality, answering at the same time in his own browser."""
    other = Client()
    other.force_login(bob)
    other.post(url("answer_start"), RESPONDENT | {"name": "Bob Berg", "email": bob.email})
    return other


@pytest.fixture
def received():
    """Every signal the surveys app sends, as (name, municipality code)."""
    seen = []

    def receiver(signal_name):
        return lambda sender, response, **kwargs: seen.append(
            (signal_name, response.municipality.code)
        )

    handlers = {
        signals.response_submitted: receiver("submitted"),
        signals.response_changed: receiver("changed"),
    }
    for signal, handler in handlers.items():
        signal.connect(handler)
    yield seen
    for signal, handler in handlers.items():
        signal.disconnect(handler)


def choose(data: dict, **states) -> dict:
    return data | {f"{code}-state": state for code, state in states.items()}


def test_the_whole_journey_from_link_to_a_change_after_submitting(
    client, invitation, municipality, received, django_capture_on_commit_callbacks
):
    entered = client.get(link(invitation))
    assert entered.status_code == 302
    assert entered["Location"] == url("answer_start")

    started = client.post(url("answer_start"), RESPONDENT)
    assert started["Location"] == page(1)

    for number, codes in PAGES.items():
        states = {code: "3" for code in codes if code != "IT4"}
        saved = client.post(page(number), choose(loaded(client, number), **states) | {"go": "next"})
        assert saved.status_code == 302
    assert saved["Location"] == url("answer_review")

    review = client.get(url("answer_review"))
    assert "1 fråga saknar svar" in review.content.decode()
    assert f'href="{page(4)}#id_IT4-state"' in review.content.decode()

    refused = client.post(url("answer_submit"), follow=True)
    assert "saknar svar: IT4" in refused.content.decode()
    assert official(municipality).status == ResponseStatus.DRAFT

    client.post(page(4), choose(loaded(client, 4), IT4="dk"))
    with django_capture_on_commit_callbacks(execute=True):
        submitted = client.post(url("answer_submit"), follow=True)
    assert "Svaren är inskickade" in submitted.content.decode()
    assert official(municipality).status == ResponseStatus.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        client.post(page(1), choose(loaded(client, 1), SL1="2"))

    assert answer_of(municipality, "SL1").value == 2
    change = AnswerChange.objects.filter(indicator__code="SL1").first()
    assert (change.old_state, change.new_state, change.after_submission) == ("3", "2", True)
    assert change.changed_by_name == "Karin Kommunchef"
    assert received == [("submitted", "9001"), ("changed", "9001")]


def test_each_button_saves_and_goes_where_it_says(respondent, municipality):
    data = choose(loaded(respondent, 2), SI1="4")

    assert respondent.post(page(2), data | {"go": "previous"})["Location"] == page(1)
    assert respondent.post(page(2), data | {"go": "save"})["Location"] == page(2)
    assert respondent.post(page(2), data | {"go": "next"})["Location"] == page(3)
    assert answer_of(municipality, "SI1").value == 4


def test_autosave_answers_with_versions_progress_and_time(respondent, municipality):
    saved = respondent.post(page(1), choose(loaded(respondent, 1), SL1="2", SL2="dk"), **FETCH)

    assert saved.status_code == 200
    body = saved.json()
    assert body["saved"] is True
    assert body["versions"] == {"SL1": 1, "SL2": 1}
    assert body["progress"]["text"] == "2 av 19 frågor besvarade"
    assert body["message"] == f"Sparat {body['saved_at']}"
    assert answer_of(municipality, "SL2").value is None


def test_autosave_again_with_the_returned_versions_does_not_conflict(respondent, municipality):
    data = choose(loaded(respondent, 1), SL1="2")
    first = respondent.post(page(1), data, **FETCH).json()

    data |= {"SL1-version": first["versions"]["SL1"], "SL1-was": first["fingerprints"]["SL1"]}
    second = respondent.post(page(1), data | {"SL1-comment": "Beslut i KS"}, **FETCH)

    assert second.status_code == 200
    assert answer_of(municipality, "SL1").comment == "Beslut i KS"


def test_second_editor_of_the_same_question_gets_a_conflict_and_the_first_answer_stays(
    respondent, colleague, municipality
):
    mine, theirs = loaded(respondent, 1), loaded(colleague, 1)
    respondent.post(page(1), choose(mine, SL3="2"))

    conflict = colleague.post(page(1), choose(theirs, SL3="4"))

    assert conflict.status_code == 409
    assert (
        "Någon annan (Karin Kommunchef) har ändrat SL3 till 2 sedan du öppnade sidan. "
        "Ditt svar: 4." in conflict.content.decode()
    )
    assert answer_of(municipality, "SL3").value == 2
    kept = conflict.context["form"]
    assert kept["SL3-state"].value() == "4"  # what Bob chose is still on his page
    resaved = colleague.post(page(1), as_posted(kept))
    assert resaved.status_code == 302
    assert answer_of(municipality, "SL3").value == 4


def test_autosave_conflict_says_whose_answer_and_keeps_both_versions_apart(
    respondent, colleague, municipality
):
    mine, theirs = loaded(respondent, 1), loaded(colleague, 1)
    respondent.post(page(1), choose(mine, SL3="2"), **FETCH)

    conflict = colleague.post(page(1), choose(theirs, SL3="4"), **FETCH)

    assert conflict.status_code == 409
    body = conflict.json()
    assert body["saved"] is False
    assert "Inget skrevs över" in body["message"]
    [item] = body["conflicts"]
    assert (item["code"], item["theirs"], item["mine"], item["version"]) == ("SL3", "2", "4", 1)
    assert item["message"].startswith("Någon annan (Karin Kommunchef) har ändrat SL3 till 2")
    assert answer_of(municipality, "SL3").value == 2


def test_two_editors_on_different_questions_of_the_same_page_do_not_conflict(
    respondent, colleague, municipality
):
    mine, theirs = loaded(respondent, 1), loaded(colleague, 1)
    respondent.post(page(1), choose(mine, SL1="2") | {"SL1-comment": "Karins kommentar"})

    saved = colleague.post(page(1), choose(theirs, SL2="3"))

    assert saved.status_code == 302
    assert answer_of(municipality, "SL1").comment == "Karins kommentar"
    assert (answer_of(municipality, "SL1").value, answer_of(municipality, "SL2").value) == (2, 3)


def test_a_member_whose_name_is_longer_than_the_change_log_holds_still_saves(
    respondent, bob, municipality
):
    """A member who comes straight to a started response is named by their account: first
    and last name may hold 300 characters together, the change log 200."""
    bob.first_name, bob.last_name = "B" * 150, "Berg" * 30
    bob.save()
    member = Client()
    member.force_login(bob)

    saved = member.post(page(1), choose(loaded(member, 1), SL1="2"))

    assert saved.status_code == 302
    assert answer_of(municipality, "SL1").value == 2
    change = AnswerChange.objects.get(indicator__code="SL1")
    assert change.changed_by_name == bob.get_full_name()[:200]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("SL1-state", "5", "Välj en av nivåerna 1–4 eller ”Vet ej”."),
        ("SL1-state", "abc", "Välj en av nivåerna 1–4 eller ”Vet ej”."),
        ("XX9-state", "3", "Frågan XX9 finns inte på den här sidan."),
        ("SI1-state", "3", "Frågan SI1 finns inte på den här sidan."),
        ("SL1-comment", "x" * 2001, "Högst 2000 tecken (nu 2001)."),
        ("SL1-version", "abc", "Sidan skickade ogiltiga uppgifter."),
        ("SL1-version", "²", "Sidan skickade ogiltiga uppgifter."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(
    respondent, municipality, field, value, message
):
    data = choose(loaded(respondent, 1), SL2="3") | {field: value}

    page_again = respondent.post(page(1), data)
    autosaved = respondent.post(page(1), data, **FETCH)

    assert page_again.status_code == 200
    assert message in page_again.content.decode()
    assert autosaved.status_code == 400
    assert message in json.dumps(autosaved.json(), ensure_ascii=False)
    assert not official(municipality).answers.exists()


def test_a_comment_without_an_answer_asks_for_an_answer(respondent, municipality):
    data = loaded(respondent, 1) | {"SL1-comment": "Vet inte riktigt"}

    refused = respondent.post(page(1), data)

    assert "Välj ett svar på SL1 innan du skriver en kommentar." in refused.content.decode()
    assert not official(municipality).answers.exists()


def test_submitting_twice_lands_on_the_thank_you_page_and_is_submitted_once(
    respondent, municipality, received, django_capture_on_commit_callbacks
):
    answer_all(respondent, "1")

    with django_capture_on_commit_callbacks(execute=True):
        first = respondent.post(url("answer_submit"))
        second = respondent.post(url("answer_submit"))

    assert first["Location"] == second["Location"] == url("answer_done")
    assert received == [("submitted", "9001")]
    done = respondent.get(url("answer_done")).content.decode()
    assert "Tack! Svaren är inskickade" in done
    assert f'href="{reverse("municipality_dashboard", args=[YEAR, "9001"])}"' in done
    dashboard = respondent.get(reverse("municipality_dashboard", args=[YEAR, "9001"]))
    assert dashboard.status_code == 200  # the invitation holder sees the results at once


def test_submit_only_takes_a_post(respondent):
    assert respondent.get(url("answer_submit")).status_code == 405


def test_a_closed_round_refuses_every_write_and_stores_nothing(
    respondent, survey_round, municipality
):
    data = choose(loaded(respondent, 1), SL1="2")
    round_close(survey_round=survey_round)

    saved = respondent.post(page(1), data)
    autosaved = respondent.post(page(1), data, **FETCH)
    started = respondent.post(url("answer_start"), RESPONDENT)
    submitted = respondent.post(url("answer_submit"))

    for refused in (saved, started, submitted):
        assert refused.status_code == 403
        assert "Omgång 2025 är stängd för svar" in refused.content.decode()
    assert autosaved.status_code == 403
    assert autosaved.json()["message"].startswith("Omgång 2025 är stängd för svar")
    assert not official(municipality).answers.exists()
    assert official(municipality).status == ResponseStatus.DRAFT


def test_a_closed_round_shows_the_answers_read_only(respondent, survey_round):
    respondent.post(page(1), choose(loaded(respondent, 1), SL1="2"))
    round_close(survey_round=survey_round)

    shown = respondent.get(page(1))

    html = shown.content.decode()
    assert shown.status_code == 200
    assert "Svaren visas men kan inte ändras" in html
    assert 'value="2" class="form-check-input" id="id_SL1-state_1" disabled checked' in html
    assert 'name="go"' not in html
    assert "autosave.js" not in html


def test_a_page_is_saved_in_one_write_per_kind_of_row_whatever_its_length(respondent, municipality):
    """On deadline day every save counts: six answers cost what four do."""
    six = choose(loaded(respondent, 3), FK1="1", FK2="2", FK3="3", FK4="4", FK5="dk", FK6="2")
    four = choose(loaded(respondent, 4), IT1="1", IT2="2", IT3="3", IT4="4")

    with CaptureQueriesContext(connection) as saving_six:
        saved = respondent.post(page(3), six, **FETCH)
    with CaptureQueriesContext(connection) as saving_four:
        respondent.post(page(4), four, **FETCH)

    assert len(saving_six) == len(saving_four) <= 17
    assert saved.json()["versions"] == dict.fromkeys(PAGES[3], 1)
    assert [answer_of(municipality, code).value for code in PAGES[3]] == [1, 2, 3, 4, None, 2]
    assert AnswerChange.objects.filter(new_state="dk").get().indicator.code == "FK5"


@pytest.mark.django_db(transaction=True)
def test_saving_and_submitting_never_wait_for_a_lock_on_the_round(municipality):
    """While a recompute of the reports holds the round's row, answers still go in."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's")
    response = response_start(
        survey_round=answering_round(), municipality=municipality, **RESPONDENT | {"role": "ekonom"}
    )
    held, release = threading.Event(), threading.Event()

    def recompute_holding_the_round():
        with transaction.atomic():
            SurveyRound.objects.select_for_update().get(pk=response.round_id)
            held.set()
            release.wait(timeout=30)
        connection.close()

    holder = threading.Thread(target=recompute_holding_the_round)
    holder.start()
    held.wait(timeout=30)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        codes = Indicator.objects.filter(cornerstone__questionnaire=response.round.questionnaire)
        codes = codes.values_list("code")
        answers = {code: AnswerInput("3") for (code,) in codes}
        editor = Editor("Karin", RESPONDENT["email"])
        answers_save(response=response, editor=editor, answers=answers)
        assert response_submit(response=response)
    finally:
        release.set()
        holder.join()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")


def test_autosave_keeps_a_comment_typed_before_a_level_for_the_level(respondent, municipality):
    """The autosave leaves the comment out, names it, and saves the rest of the page; the
    page keeps the comment and sends it with the level."""
    data = loaded(respondent, 1)
    first = respondent.post(
        page(1), choose(data, SL1="2") | {"SL2-comment": "Beror på förvaltning"}, **FETCH
    )

    assert first.status_code == 200
    body = first.json()
    assert body["saved"] is True and body["waiting"] == ["SL2"]
    assert "Kommentaren till SL2 sparas när du har valt ett svar på frågan." in body["message"]
    assert answer_of(municipality, "SL1").value == 2 and answer_of(municipality, "SL2") is None

    data |= {f"{code}-version": str(v) for code, v in body["versions"].items()}
    data |= {f"{code}-was": f for code, f in body["fingerprints"].items()}
    second = respondent.post(
        page(1),
        choose(data, SL1="2", SL2="3") | {"SL2-comment": "Beror på förvaltning"},
        **FETCH,
    )

    assert second.json()["waiting"] == []
    assert (answer_of(municipality, "SL2").value, answer_of(municipality, "SL2").comment) == (
        3,
        "Beror på förvaltning",
    )


def test_a_change_from_the_same_browsers_other_tab_is_told_as_such(respondent, municipality):
    first_tab, second_tab = loaded(respondent, 1), loaded(respondent, 1)
    respondent.post(page(1), choose(second_tab, SL3="2") | {"tab": "tab-b"}, **FETCH)

    conflict = respondent.post(page(1), choose(first_tab, SL3="4") | {"tab": "tab-a"}, **FETCH)

    assert conflict.status_code == 409
    body = conflict.json()
    assert body["message"] == (
        "Du har ändrat detta i en annan flik sedan du öppnade den här sidan. Inget skrevs över."
    )
    [item] = body["conflicts"]
    assert item["own_tab"] is True
    assert item["message"].startswith("Du har ändrat SL3 till 2 i en annan flik")
    assert answer_of(municipality, "SL3").value == 2


def test_the_same_person_in_another_browser_is_not_told_it_was_another_tab(
    respondent, invitation, municipality
):
    elsewhere = Client()
    enter_and_start(elsewhere, invitation)
    mine, there = loaded(respondent, 1), loaded(elsewhere, 1)
    elsewhere.post(page(1), choose(there, SL3="2") | {"tab": "tab-b"}, **FETCH)

    conflict = respondent.post(page(1), choose(mine, SL3="4") | {"tab": "tab-a"}, **FETCH)

    assert conflict.json()["message"].startswith("Någon annan har ändrat samma frågor")
    assert conflict.json()["conflicts"][0]["own_tab"] is False


@pytest.mark.parametrize("tab", ["", "x" * 41, "<script>", "tab\nb", "å"])
def test_a_tab_id_that_is_not_one_is_ignored_and_the_save_goes_through(
    respondent, municipality, tab
):
    saved = respondent.post(page(1), choose(loaded(respondent, 1), SL1="3") | {"tab": tab}, **FETCH)

    assert saved.json()["saved"] is True
    assert AnswerChange.objects.get(indicator__code="SL1").changed_in_tab == ""
