"""Who answers for the municipality is never silently replaced: the start page of a
submitted response leaves its respondent alone, a draft's replacement is warned of and
logged, and the explicit change (`answer_respondent`) is logged like an answer and moves
the reports' role breakdown and same-respondent panel."""

import pytest
from django.test import Client

from reports.models import GroupStat, MunicipalityScore
from reports.services import round_recompute
from surveys.models import AnswerChange, ChangeKind, Response
from surveys.services.answering import respondent_fingerprint
from tests.factories import SurveyRoundFactory
from tests.reports.helpers import submit
from tests.surveys.helpers import (
    RESPONDENT,
    answer_all,
    answering_round,
    enter_and_start,
    invite,
    official,
    url,
)

pytestmark = pytest.mark.django_db

KARIN = RESPONDENT  # Karin Kommunchef, the invited chief
PER = {"name": "Per Persson", "email": "per@kommun-a.example", "role": "it-chef"}


@pytest.fixture
def survey_round():
    return answering_round()


@pytest.fixture
def invitation(survey_round, municipality):
    return invite(survey_round, municipality)


@pytest.fixture
def submitted(client, invitation):
    """Karin has answered everything and submitted, through the pages."""
    enter_and_start(client, invitation)
    answer_all(client, "2")
    client.post(url("answer_submit"))
    assert official(invitation.municipality).status == "submitted"
    return client


@pytest.fixture
def member(bob) -> Client:
    """Bob, a member of the municipality, in a browser of his own."""
    browser = Client()
    browser.force_login(bob)
    return browser


@pytest.fixture
def staff(alice) -> Client:
    browser = Client()
    browser.force_login(alice)
    return browser


def respondent_changes(municipality) -> list[AnswerChange]:
    return list(
        AnswerChange.objects.filter(
            response__municipality=municipality, kind=ChangeKind.RESPONDENT
        ).order_by("pk")
    )


def text(response) -> str:
    return response.content.decode()


def test_the_start_page_of_a_submitted_response_keeps_its_respondent(
    submitted, member, municipality
):

    shown = member.get(url("answer_start"))
    started = member.post(url("answer_start"), PER, follow=True)

    assert "Svaret är inskickat med Karin Kommunchef som svarande" in text(shown)
    response = official(municipality)
    assert (response.respondent_name, response.respondent_role) == (
        "Karin Kommunchef",
        "kommunchef",
    )
    assert "och det ändras inte" in text(started)
    assert respondent_changes(municipality) == []


def test_whoever_continues_a_submitted_response_is_logged_as_the_editor(
    submitted, member, municipality
):
    member.post(url("answer_start"), PER)

    page = member.get(url("answer_cornerstone", number=1)).context["form"]
    data = {name: str(page[name].value() or "") for name in page.fields}
    member.post(url("answer_cornerstone", number=1), data | {"SL1-state": "4"})

    change = AnswerChange.objects.filter(indicator__code="SL1").first()
    assert (change.changed_by_name, change.after_submission) == ("Per Persson", True)
    assert official(municipality).respondent_name == "Karin Kommunchef"


def test_someone_else_starting_a_draft_is_warned_and_the_replacement_logged(
    client, invitation, member, municipality
):
    enter_and_start(client, invitation)  # Karin starts a draft

    shown = member.get(url("answer_start"))
    started = member.post(url("answer_start"), PER, follow=True)

    assert "Utkastet har Karin Kommunchef som svarande" in text(shown)
    assert "Du är nu svarande i stället för Karin Kommunchef. Bytet är loggat." in text(started)
    assert official(municipality).respondent_email == PER["email"]
    (change,) = respondent_changes(municipality)
    assert (change.old_respondent_email, change.new_respondent_email) == (
        KARIN["email"],
        PER["email"],
    )
    assert (change.changed_by_name, change.after_submission) == ("Per Persson", False)


def test_starting_for_the_first_time_or_again_as_oneself_logs_nothing(
    client, invitation, municipality
):
    enter_and_start(client, invitation)
    again = client.get(url("answer_start"))
    client.post(url("answer_start"), KARIN)

    assert "som svarande" not in text(again)
    assert respondent_changes(municipality) == []


def test_a_member_changes_the_respondent_of_a_submitted_response_on_purpose(
    submitted, member, bob, municipality
):
    form = member.get(url("answer_respondent")).context["form"]

    changed = member.post(
        url("answer_respondent"), PER | {"loaded": form["loaded"].value()}, follow=True
    )

    assert "Svarande är nu Per Persson. Bytet är loggat." in text(changed)
    response = official(municipality)
    assert (response.respondent_name, response.respondent_email, response.respondent_role) == (
        "Per Persson",
        PER["email"],
        "it-chef",
    )
    (change,) = respondent_changes(municipality)
    assert change.changed_by_name == "Bob Berg" and change.changed_by_user == bob
    assert change.after_submission


def test_national_staff_correct_the_respondent_and_see_it_in_the_change_log(
    submitted, staff, municipality
):

    staff.post(url("answer_respondent"), PER)
    detail = staff.get(url("staff_response_detail"))

    (change,) = respondent_changes(municipality)
    assert change.changed_by_name == "Alice Andersson"
    assert "Karin Kommunchef &lt;karin@kommun-a.example&gt;, Kommunchef" in text(detail)
    assert "Per Persson &lt;per@kommun-a.example&gt;, IT-chef" in text(detail)


def test_a_change_made_on_an_older_page_is_refused_and_changes_nothing(
    submitted, member, staff, municipality
):
    loaded = member.get(url("answer_respondent")).context["form"]["loaded"].value()
    staff.post(url("answer_respondent"), PER)  # someone else changes it first

    refused = member.post(
        url("answer_respondent"),
        {"name": "Eva Ek", "email": "eva@kommun-a.example", "role": "kommunchef", "loaded": loaded},
    )

    assert refused.status_code == 200
    assert "Någon annan har bytt svarande sedan du öppnade sidan. Inget sparades" in text(refused)
    assert official(municipality).respondent_email == PER["email"]
    assert len(respondent_changes(municipality)) == 1


@pytest.mark.parametrize(
    "name", ["Per\nPersson", "Per\r\nPersson", "Per\x00", "Per\tP", "P\x85P", "P\u2028P"]
)
def test_a_respondent_name_with_control_characters_is_refused(
    submitted, member, municipality, name
):
    before = respondent_fingerprint(official(municipality))

    refused = member.post(url("answer_respondent"), PER | {"name": name})

    assert refused.status_code == 200
    assert "Skriv texten på en rad, utan radbrytningar, tabbar eller andra osynliga" in text(
        refused
    )
    assert respondent_fingerprint(official(municipality)) == before
    assert respondent_changes(municipality) == []


def test_the_respondent_cannot_be_changed_once_the_round_is_closed(
    submitted, member, survey_round, municipality
):
    from surveys.services import round_close

    round_close(survey_round=survey_round)

    refused = member.post(url("answer_respondent"), PER)

    assert refused.status_code == 403
    assert official(municipality).respondent_email == KARIN["email"]


def test_a_changed_respondent_moves_the_role_breakdown_and_same_respondent_panel(
    member, municipality, django_capture_on_commit_callbacks
):
    previous = SurveyRoundFactory(year=2024, status="published")
    submit(previous, municipality, {"SL1": 2}, email=KARIN["email"])
    current = SurveyRoundFactory(year=2025, previous_round=previous)
    submit(current, municipality, {"SL1": 3}, email=KARIN["email"], role="kommunchef")
    first = round_recompute(survey_round=current)
    assert MunicipalityScore.objects.get(snapshot=first, code="TOTAL").same_respondent

    with django_capture_on_commit_callbacks(execute=True):  # the recompute runs eagerly
        member.post(url("answer_respondent"), PER)

    score = MunicipalityScore.objects.get(
        snapshot__round=current, snapshot__is_current=True, code="TOTAL"
    )
    assert not score.same_respondent
    roles = GroupStat.objects.filter(
        snapshot=score.snapshot, code="TOTAL", dimension="role", population="all"
    )
    assert dict(roles.values_list("group_key", "n")) == {"it-chef": 1}


def test_an_erased_person_is_erased_from_respondent_changes_too(
    submitted, member, alice, municipality
):
    from privacy.selectors import person_data
    from privacy.services import ERASED_NAME, person_erase

    member.post(url("answer_respondent"), PER)
    assert person_data(email=KARIN["email"])["answer_changes"][-1]["kind"] == "respondent"

    person_erase(email=KARIN["email"], erased_by=alice)

    (change,) = respondent_changes(municipality)
    assert change.old_respondent_name == ERASED_NAME
    assert KARIN["email"] not in change.old_respondent_email
    assert change.new_respondent_name == "Per Persson"
    assert Response.objects.filter(respondent_email__iexact=KARIN["email"]).count() == 0
