import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from surveys.errors import RoundStateError
from surveys.models import RoundStatus, SurveyRound
from surveys.services import (
    round_close,
    round_create,
    round_open,
    round_publish,
    round_reopen,
)
from surveys.services.rounds import rounds_close_due
from tests.factories import MunicipalityFactory, SurveyRoundFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)


def create(questionnaire, year: int = 2026, **kwargs) -> SurveyRound:
    dates = {"opens_on": TODAY, "closes_on": TODAY + datetime.timedelta(weeks=6)}
    return round_create(year=year, questionnaire=questionnaire, **(dates | kwargs))


# ---------------------------------------------------------------- round_create


def test_a_new_round_is_planned_and_compared_with_the_latest_earlier_round(questionnaire):
    create(questionnaire, year=2024)
    last_year = create(questionnaire, year=2025)
    create(questionnaire, year=2027)

    survey_round = create(questionnaire, year=2026)

    assert survey_round.status == RoundStatus.DRAFT
    assert survey_round.previous_round == last_year


def test_the_first_round_has_nothing_to_compare_with(questionnaire):
    assert create(questionnaire).previous_round is None


def test_a_chosen_comparison_round_wins_over_the_default(questionnaire):
    older = create(questionnaire, year=2020)
    create(questionnaire, year=2025)

    assert create(questionnaire, previous_round=older).previous_round == older


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"year": 2025}, "Det finns redan en omgång för 2025."),
        ({"year": 1999}, "Året måste vara mellan 2000 och 2100."),
        (
            {"closes_on": TODAY - datetime.timedelta(days=1)},
            "Omgången kan inte stänga innan den öppnar.",
        ),
    ],
)
def test_a_bad_new_round_is_refused_in_swedish_and_nothing_is_made(questionnaire, kwargs, message):
    create(questionnaire, year=2025)
    kwargs = {"year": 2026} | kwargs

    with pytest.raises(RoundStateError) as refused:
        create(questionnaire, **kwargs)

    assert message in refused.value.messages
    assert SurveyRound.objects.count() == 1


def test_the_comparison_must_be_an_earlier_round(questionnaire):
    later = create(questionnaire, year=2027)

    with pytest.raises(RoundStateError) as refused:
        create(questionnaire, year=2026, previous_round=later)

    assert refused.value.messages == ["Jämförelsen måste vara en tidigare omgång än 2026."]
    assert not SurveyRound.objects.filter(year=2026).exists()


# ---------------------------------------------------------------- states


def test_a_round_goes_open_closed_open_again_closed_published(questionnaire):
    survey_round = create(questionnaire)

    assert round_open(survey_round=survey_round).status == RoundStatus.OPEN
    assert round_close(survey_round=survey_round).status == RoundStatus.CLOSED
    assert round_reopen(survey_round=survey_round).status == RoundStatus.OPEN
    round_close(survey_round=survey_round)
    published = round_publish(survey_round=survey_round, low_participation_confirmed=True)
    assert published.status == RoundStatus.PUBLISHED

    survey_round.refresh_from_db()
    assert survey_round.opened_at and survey_round.closed_at and survey_round.published_at


REFUSALS = [
    (
        RoundStatus.OPEN,
        round_open,
        "Omgång 2026 kan bara öppnas när den är planerad (den är nu öppen).",
    ),
    (
        RoundStatus.CLOSED,
        round_open,
        "Omgång 2026 kan bara öppnas när den är planerad (den är nu stängd).",
    ),
    (
        RoundStatus.PUBLISHED,
        round_open,
        "Omgång 2026 kan bara öppnas när den är planerad (den är nu publicerad).",
    ),
    (
        RoundStatus.DRAFT,
        round_close,
        "Omgång 2026 kan bara stängas när den är öppen (den är nu planerad).",
    ),
    (
        RoundStatus.CLOSED,
        round_close,
        "Omgång 2026 kan bara stängas när den är öppen (den är nu stängd).",
    ),
    (
        RoundStatus.PUBLISHED,
        round_close,
        "Omgång 2026 kan bara stängas när den är öppen (den är nu publicerad).",
    ),
    (
        RoundStatus.DRAFT,
        round_reopen,
        "Omgång 2026 kan bara öppnas igen när den är stängd och inte publicerad "
        "(den är nu planerad).",
    ),
    (
        RoundStatus.OPEN,
        round_reopen,
        "Omgång 2026 kan bara öppnas igen när den är stängd och inte publicerad (den är nu öppen).",
    ),
    (
        RoundStatus.PUBLISHED,
        round_reopen,
        "Omgång 2026 kan bara öppnas igen när den är stängd och inte publicerad "
        "(den är nu publicerad).",
    ),
    (
        RoundStatus.DRAFT,
        round_publish,
        "Omgång 2026 kan bara publiceras när den är stängd (den är nu planerad).",
    ),
    (
        RoundStatus.OPEN,
        round_publish,
        "Omgång 2026 kan bara publiceras när den är stängd (den är nu öppen).",
    ),
    (
        RoundStatus.PUBLISHED,
        round_publish,
        "Omgång 2026 kan bara publiceras när den är stängd (den är nu publicerad).",
    ),
]


@pytest.mark.parametrize(("status", "action", "message"), REFUSALS)
def test_every_refused_transition_says_why_and_changes_nothing(
    questionnaire, status, action, message
):
    survey_round = SurveyRoundFactory(current=True, status=status, questionnaire=questionnaire)
    before = SurveyRound.objects.values().get(pk=survey_round.pk)

    with pytest.raises(RoundStateError) as refused:
        action(survey_round=survey_round)

    assert refused.value.messages == [message]
    assert SurveyRound.objects.values().get(pk=survey_round.pk) == before


def test_publishing_below_the_participation_limit_must_be_confirmed(questionnaire):
    survey_round = SurveyRoundFactory(
        current=True, status=RoundStatus.CLOSED, questionnaire=questionnaire
    )
    for code in ("9101", "9102", "9103"):
        MunicipalityFactory(code=code)

    with pytest.raises(RoundStateError) as refused:
        round_publish(survey_round=survey_round)

    assert refused.value.messages == [
        "Bara 0 av 3 kommuner, 0,0 % har svarat, under gränsen 50 %. Bekräfta att omgången "
        "ska publiceras ändå."
    ]
    survey_round.refresh_from_db()
    assert survey_round.status == RoundStatus.CLOSED
    round_publish(survey_round=survey_round, low_participation_confirmed=True)
    survey_round.refresh_from_db()
    assert survey_round.status == RoundStatus.PUBLISHED


@pytest.mark.parametrize("action", [round_open, round_reopen])
def test_only_one_round_is_open_at_a_time(questionnaire, action):
    SurveyRoundFactory(
        current=True, year=2025, status=RoundStatus.OPEN, questionnaire=questionnaire
    )
    status = RoundStatus.DRAFT if action is round_open else RoundStatus.CLOSED
    survey_round = SurveyRoundFactory(
        current=True, year=2026, status=status, questionnaire=questionnaire
    )

    with pytest.raises(RoundStateError) as refused:
        action(survey_round=survey_round)

    assert refused.value.messages == ["Omgång 2025 är redan öppen. Stäng den först."]
    survey_round.refresh_from_db()
    assert survey_round.status == status


def test_a_stale_copy_cannot_close_twice(questionnaire):
    survey_round = SurveyRoundFactory(
        current=True, status=RoundStatus.OPEN, questionnaire=questionnaire
    )
    stale = SurveyRound.objects.get(pk=survey_round.pk)
    round_close(survey_round=survey_round)
    closed_at = SurveyRound.objects.get(pk=survey_round.pk).closed_at

    with pytest.raises(RoundStateError):
        round_close(survey_round=stale)

    assert SurveyRound.objects.get(pk=survey_round.pk).closed_at == closed_at


def test_rounds_past_their_last_day_are_closed_at_night(questionnaire):
    past_due = SurveyRoundFactory(
        current=True,
        year=2025,
        status=RoundStatus.OPEN,
        questionnaire=questionnaire,
        closes_in_days=-1,
    )
    last_day_today = SurveyRoundFactory(
        current=True,
        year=2026,
        status=RoundStatus.DRAFT,
        questionnaire=questionnaire,
        closes_in_days=0,
    )

    closed = rounds_close_due()

    assert [r.year for r in closed] == [2025]
    past_due.refresh_from_db()
    assert past_due.status == RoundStatus.CLOSED
    SurveyRound.objects.filter(pk=last_day_today.pk).update(status=RoundStatus.OPEN)
    assert rounds_close_due() == []
    assert SurveyRound.objects.get(pk=last_day_today.pk).status == RoundStatus.OPEN


def test_closing_a_round_tells_the_reports(questionnaire, django_capture_on_commit_callbacks):
    from surveys import signals

    heard = []

    def listener(sender, survey_round, **kwargs):
        heard.append(survey_round.year)

    signals.round_closed.connect(listener)
    try:
        survey_round = SurveyRoundFactory(
            current=True, status=RoundStatus.OPEN, questionnaire=questionnaire
        )
        with django_capture_on_commit_callbacks(execute=True):
            round_close(survey_round=survey_round)
    finally:
        signals.round_closed.disconnect(listener)

    assert heard == [2026]


# ---------------------------------------------------------------- create_round


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("create_round", *args, stdout=out)
    return out.getvalue()


def test_create_round_uses_the_latest_questionnaire_today_and_six_weeks(questionnaire):
    output = run("2026")

    survey_round = SurveyRound.objects.get(year=2026)
    today = timezone.localdate()
    assert survey_round.questionnaire == questionnaire
    assert survey_round.opens_on == today
    assert survey_round.closes_on == today + datetime.timedelta(weeks=6)
    assert survey_round.status == RoundStatus.DRAFT
    assert "Round 2026 created" in output


def test_create_round_takes_dates_and_a_questionnaire_version(questionnaire):
    previous = SurveyRoundFactory(
        current=True, year=2025, status=RoundStatus.CLOSED, questionnaire=questionnaire
    )

    output = run(
        "2026",
        "--opens",
        "2026-03-01",
        "--closes",
        "2026-04-30",
        "--questionnaire",
        f"{questionnaire.slug}:{questionnaire.version}",
    )

    survey_round = SurveyRound.objects.get(year=2026)
    assert (survey_round.opens_on, survey_round.closes_on) == (
        datetime.date(2026, 3, 1),
        datetime.date(2026, 4, 30),
    )
    assert survey_round.previous_round == previous
    assert "compared with 2025" in output


def test_create_round_with_only_an_opening_day_closes_six_weeks_later(questionnaire):
    run("2026", "--opens", "2026-03-01")

    assert SurveyRound.objects.get(year=2026).closes_on == datetime.date(2026, 4, 12)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2026", "--opens", "1 mars"], "Not a date (YYYY-MM-DD): '1 mars'"),
        (["2026", "--questionnaire", "e-forvaltning"], "--questionnaire takes SLUG:VERSION"),
        (["2026", "--questionnaire", "okand:1"], "No questionnaire okand:1. Loaded: e-forvaltning"),
        (
            ["2026", "--opens", "2026-05-01", "--closes", "2026-04-01"],
            "Omgången kan inte stänga innan den öppnar.",
        ),
        (["1999"], "Året måste vara mellan 2000 och 2100."),
    ],
)
def test_create_round_says_clearly_what_is_wrong(questionnaire, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        run(*args)

    assert not SurveyRound.objects.exists()


def test_create_round_refuses_a_year_that_exists(questionnaire):
    run("2026")

    with pytest.raises(CommandError, match=re.escape("Det finns redan en omgång för 2026.")):
        run("2026")


def test_create_round_without_a_questionnaire_says_to_load_one():
    with pytest.raises(CommandError, match="run load_questionnaire first"):
        run("2026")
