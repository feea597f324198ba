"""The scoring rules of docs/architecture.md ("Scoring") on small cases computed by hand."""

import math

import pytest

from reports.models import GroupStat, MunicipalityScore
from reports.services import round_recompute
from tests.factories import MunicipalityFactory, SurveyRoundFactory
from tests.reports.helpers import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds_with_answers():
    a = MunicipalityFactory(code="9101", population=45_000, skr_group="B4")
    b = MunicipalityFactory(code="9102", population=8_000, skr_group="C8")
    c = MunicipalityFactory(code="9103", population=120_000, skr_group="A1")
    previous = SurveyRoundFactory(year=2024, status="published")
    submit(previous, a, {"SL1": 3}, email="Anna@A.example")
    submit(previous, b, {"SL1": 1}, email="bo@b.example")
    submit(previous, c, {"SL1": 4})
    current = SurveyRoundFactory(year=2025, previous_round=previous)
    # A: SL = (4+2)/2 = 3; SI = 1; FK unanswered; IT only "vet ej": no score. Total (3+1)/2 = 2.
    submit(current, a, {"SL1": 4, "SL2": 2, "SI1": 1, "IT1": None}, email="anna@a.example")
    # B: SL 2, SI 3 (SI2 "vet ej" left out), FK 4, IT 1. Total (2+3+4+1)/4 = 2.5.
    submit(
        current,
        b,
        {"SL1": 2, "SL2": 2, "SI1": 3, "SI2": None, "FK1": 4, "IT1": 1},
        email="other@b.example",
        role="it-chef",
    )
    submit(current, c, {"SL1": 1}, submitted=False)  # a draft counts nowhere
    snapshot = round_recompute(survey_round=current)
    return snapshot, a, b


def stat(snapshot, code, population="all", dimension="nation", group_key=""):
    return GroupStat.objects.get(
        snapshot=snapshot,
        population=population,
        dimension=dimension,
        group_key=group_key,
        code=code,
    )


def score(snapshot, municipality, code):
    return MunicipalityScore.objects.get(snapshot=snapshot, municipality=municipality, code=code)


def test_cornerstone_score_is_the_mean_of_answered_indicators(rounds_with_answers):
    snapshot, a, b = rounds_with_answers

    assert score(snapshot, a, "SL").score == 3.0
    assert score(snapshot, b, "SI").score == 3.0  # "vet ej" on SI2 is left out
    assert score(snapshot, a, "IT").score is None  # only "vet ej": no score


def test_total_is_the_mean_of_cornerstone_scores(rounds_with_answers):
    snapshot, a, b = rounds_with_answers

    assert score(snapshot, a, "TOTAL").score == 2.0  # FK and IT have no score
    assert score(snapshot, b, "TOTAL").score == 2.5


def test_national_indicator_mean_excludes_dont_know_and_counts_it(rounds_with_answers):
    snapshot, *_ = rounds_with_answers

    sl1 = stat(snapshot, "SL1")
    assert (sl1.n, sl1.mean, sl1.count_2, sl1.count_4) == (2, 3.0, 1, 1)
    si2 = stat(snapshot, "SI2")
    assert (si2.n, si2.mean, si2.count_dont_know) == (0, None, 1)


def test_national_cornerstone_and_total_are_means_of_municipal_scores(rounds_with_answers):
    snapshot, *_ = rounds_with_answers

    assert (stat(snapshot, "SL").n, stat(snapshot, "SL").mean) == (2, 2.5)
    assert (stat(snapshot, "IT").n, stat(snapshot, "IT").mean) == (1, 1.0)
    total = stat(snapshot, "TOTAL")
    assert (total.n, total.mean) == (2, 2.25)
    assert math.isclose(total.sd, math.sqrt(0.125))


def test_rank_and_percentile_per_code(rounds_with_answers):
    snapshot, a, b = rounds_with_answers

    assert (score(snapshot, b, "TOTAL").rank, score(snapshot, b, "TOTAL").percentile) == (1, 100)
    assert (score(snapshot, a, "TOTAL").rank, score(snapshot, a, "TOTAL").percentile) == (2, 0)


def test_panels_and_previous_scores(rounds_with_answers):
    snapshot, a, b = rounds_with_answers

    assert score(snapshot, a, "TOTAL").previous_score == 3.0
    assert score(snapshot, a, "TOTAL").same_respondent  # e-mail compared case-insensitively
    assert score(snapshot, b, "TOTAL").in_panel and not score(snapshot, b, "TOTAL").same_respondent
    assert stat(snapshot, "TOTAL", "panel").mean == 2.25
    assert stat(snapshot, "TOTAL", "panel_prev").mean == 2.0
    assert (stat(snapshot, "TOTAL", "same").mean, stat(snapshot, "TOTAL", "same_prev").mean) == (
        2.0,
        3.0,
    )


def test_breakdowns_by_size_group_county_and_role(rounds_with_answers):
    snapshot, a, b = rounds_with_answers

    assert stat(snapshot, "TOTAL", dimension="size_band", group_key="20000-49999").mean == 2.0
    assert stat(snapshot, "TOTAL", dimension="size_band", group_key="0-9999").mean == 2.5
    assert stat(snapshot, "TOTAL", dimension="skr_group", group_key="C8").n == 1
    assert stat(snapshot, "TOTAL", dimension="role", group_key="it-chef").mean == 2.5
    county = a.county.code
    assert stat(snapshot, "TOTAL", dimension="county", group_key=county).n == (
        2 if b.county == a.county else 1
    )


def test_a_draft_or_another_round_never_counts(rounds_with_answers):
    snapshot, *_ = rounds_with_answers

    assert snapshot.responses == 2
    assert not MunicipalityScore.objects.filter(snapshot=snapshot, municipality__code="9103")


def test_last_years_answer_counts_in_the_panel_even_if_unanswered_this_year():
    a = MunicipalityFactory(code="9201")
    b = MunicipalityFactory(code="9202")
    previous = SurveyRoundFactory(year=2024, status="published")
    submit(previous, a, {"SL1": 3, "SL3": 2}, email="a@a.example")
    submit(previous, b, {"SL1": 1, "SL3": 4}, email="b@b.example")
    current = SurveyRoundFactory(year=2025, previous_round=previous)
    submit(current, a, {"SL1": 4}, email="a@a.example")  # SL3 left unanswered this year
    submit(current, b, {"SL1": 2, "SL3": 3}, email="b@b.example")

    snapshot = round_recompute(survey_round=current)

    assert (stat(snapshot, "SL3", "panel_prev").n, stat(snapshot, "SL3", "panel_prev").mean) == (
        2,
        3.0,
    )
    assert (stat(snapshot, "SL3", "panel").n, stat(snapshot, "SL3", "panel").mean) == (1, 3.0)
    unanswered = score(snapshot, a, "SL3")
    assert (unanswered.score, unanswered.dont_know, unanswered.rank) == (None, False, None)
