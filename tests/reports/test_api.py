"""The JSON API: who sees which round and municipality, suppression of small groups,
figures equal to the snapshot's, and a bounded number of queries whatever the data size."""

import io
from datetime import date

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from reports.models import GroupStat, MunicipalityScore
from reports.services import round_recompute
from surveys.demo import demo_data_generate
from surveys.models import SurveyRound
from tests.factories import MunicipalityFactory, SurveyRoundFactory, UserFactory
from tests.reports.helpers import submit

pytestmark = pytest.mark.django_db

ROUNDS = "/api/v1/rounds/"
REFERENCE = "/api/v1/reference/"
# The same bounds hold for three municipalities and for 290 (see the last tests).
MAX_QUERIES = {"rounds": 5, "national": 9, "municipality": 10, "reference": 3}


def national(year) -> str:
    return f"/api/v1/rounds/{year}/national/"


def own(year, code) -> str:
    return f"/api/v1/rounds/{year}/municipalities/{code}/"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The anonymous throttle counts in the cache; each test starts from zero."""
    cache.clear()


@pytest.fixture
def rounds(municipality, other_municipality):
    """2024 published with three municipalities; 2025 open with two of them, 9001 with the
    same respondent as in 2024 and 9002 with another."""
    third = MunicipalityFactory(code="9003", population=150_000)
    previous = SurveyRoundFactory(year=2024, status="published")
    submit(previous, municipality, {"SL1": 2, "SL2": 3, "IT1": 4}, email="chef@a.example")
    submit(previous, other_municipality, {"SL1": 1, "SI1": None}, email="chef@b.example")
    submit(previous, third, {"SL1": 4, "FK1": 3}, role="it-chef")
    current = SurveyRoundFactory(year=2025, previous_round=previous)
    submit(current, municipality, {"SL1": 3, "SL2": 3, "IT1": 4}, email="Chef@A.example")
    submit(current, other_municipality, {"SL1": 2, "SI1": 2}, email="ny@b.example")
    round_recompute(survey_round=previous)
    round_recompute(survey_round=current)
    return previous, current


@pytest.fixture
def outsider(db):
    return UserFactory(email="eve@elsewhere.example")


def get_json(client: Client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def figure(data: dict, code: str, population="all", group="") -> dict:
    (found,) = [
        f
        for f in data["nation"] + data["breakdowns"]
        if (f["code"], f["population"], f["group"]) == (code, population, group)
    ]
    return found


# /api/v1/rounds/


def test_the_public_sees_published_rounds_only(client, rounds):
    data = get_json(client, ROUNDS)

    assert [r["year"] for r in data] == [2024]
    (published,) = data
    assert published["status"] == "published"
    assert published["submitted_responses"] == published["reported_responses"] == 3
    assert published["questionnaire"]["slug"]
    assert published["previous_round"] is None
    assert published["national_url"].endswith(national(2024))


@pytest.mark.parametrize("viewer", ["bob", "outsider"])
def test_members_and_outsiders_see_published_rounds_only(client_of, request, rounds, viewer):
    viewer_client = client_of(request.getfixturevalue(viewer))

    assert [r["year"] for r in get_json(viewer_client, ROUNDS)] == [2024]


def test_staff_see_every_round(client_of, alice, rounds):
    data = get_json(client_of(alice), ROUNDS)

    assert [(r["year"], r["status"], r["previous_round"]) for r in data] == [
        (2025, "open", 2024),
        (2024, "published", None),
    ]
    assert data[0]["submitted_responses"] == 2


# /api/v1/rounds/<year>/national/


def test_a_published_round_is_public_with_small_groups_suppressed(client, rounds, settings):
    settings.SMALL_GROUP_THRESHOLD = 5
    data = get_json(client, national(2024))

    assert data["round"] == {"year": 2024, "status": "published"}
    assert data["snapshot"]["responses"] == 3
    assert data["small_group_threshold"] == 5
    sl1 = figure(data, "SL1")
    assert sl1 == {
        **sl1,
        "n": 3,
        "mean": None,
        "sd": None,
        "distribution": None,
        "suppressed": True,
    }


def test_groups_at_the_threshold_are_shown_to_the_public(client, rounds, settings):
    settings.SMALL_GROUP_THRESHOLD = 3
    data = get_json(client, national(2024))

    sl1 = figure(data, "SL1")
    assert (sl1["n"], sl1["mean"], sl1["suppressed"]) == (3, pytest.approx(7 / 3), False)
    assert sl1["distribution"] == {
        "value_1": 1,
        "value_2": 1,
        "value_3": 0,
        "value_4": 1,
        "dont_know": 0,
    }
    assert figure(data, "SI1")["suppressed"]  # n = 0: one "vet ej", nobody with a value
    assert figure(data, "SL")["distribution"] is None  # cornerstones have no 1–4 counts


@pytest.mark.parametrize("viewer", ["bob", "outsider"])
def test_signed_in_non_staff_see_a_published_round_as_the_public_does(
    client_of, request, rounds, settings, viewer
):
    settings.SMALL_GROUP_THRESHOLD = 5
    data = get_json(client_of(request.getfixturevalue(viewer)), national(2024))

    assert figure(data, "SL1")["suppressed"] is True
    assert figure(data, "SL1")["mean"] is None


def test_staff_see_small_groups(client_of, alice, rounds, settings):
    settings.SMALL_GROUP_THRESHOLD = 5
    data = get_json(client_of(alice), national(2024))

    sl1 = figure(data, "SL1")
    assert (sl1["n"], sl1["suppressed"]) == (3, False)
    assert sl1["mean"] == pytest.approx(7 / 3)


def test_an_unpublished_round_is_for_staff_only(client, client_of, alice, bob, outsider, rounds):
    get_json(client_of(outsider), national(2025), status=404)
    get_json(client_of(bob), national(2025), status=404)
    client.logout()
    assert "detail" in get_json(client, national(2025), status=404)

    data = get_json(client_of(alice), national(2025))
    assert data["round"] == {"year": 2025, "status": "open"}


def test_the_figures_are_the_snapshots(client_of, alice, rounds):
    """Every group figure, with the panels and breakdowns, exactly as stored."""
    data = get_json(client_of(alice), national(2025))

    stored = GroupStat.objects.filter(snapshot__round__year=2025, snapshot__is_current=True)
    assert len(data["nation"]) + len(data["breakdowns"]) == stored.count()
    for stat in stored:
        shown = figure_of(data, stat)
        assert (shown["n"], shown["mean"], shown["sd"]) == (stat.n, stat.mean, stat.sd)
        if stat.level == "indicator":
            assert list(shown["distribution"].values()) == [
                stat.count_1,
                stat.count_2,
                stat.count_3,
                stat.count_4,
                stat.count_dont_know,
            ]


def figure_of(data: dict, stat: GroupStat) -> dict:
    (found,) = [
        f
        for f in data["nation"] + data["breakdowns"]
        if (f["population"], f["dimension"], f["group"], f["code"])
        == (stat.population, stat.dimension, stat.group_key, stat.code)
    ]
    return found


def test_panels_and_breakdowns_are_there_with_labels(client_of, alice, rounds):
    data = get_json(client_of(alice), national(2025))

    assert {f["population"] for f in data["nation"]} == {
        "all",
        "panel",
        "panel_prev",
        "same",
        "same_prev",
    }
    same = figure(data, "SL1", population="same")
    assert (same["n"], same["mean"]) == (1, 3.0)  # 9001 only: the same person both years
    assert figure(data, "SL1", population="same_prev")["mean"] == 2.0
    assert {f["dimension"] for f in data["breakdowns"]} == {
        "size_band",
        "county",
        "skr_group",
        "role",
    }
    size = figure(data, "SL1", group="20000-49999")
    assert (size["dimension"], size["group_label"], size["n"]) == (
        "size_band",
        "20 000–49 999 invånare",
        1,
    )
    assert figure(data, "SL")["label"] and data["nation"][-1]["code"] == "TOTAL"


def test_the_nation_comes_in_the_published_tables_order(client_of, alice, rounds):
    data = get_json(client_of(alice), national(2025))

    codes = [f["code"] for f in data["nation"] if f["population"] == "all"]
    assert codes[:3] == ["SL1", "SL2", "SL"]  # each cornerstone after its indicators


def test_a_published_round_without_results_has_empty_figures(client, db):
    SurveyRoundFactory(year=2023, status="published")

    data = get_json(client, national(2023))

    assert (data["snapshot"], data["nation"], data["breakdowns"]) == (None, [], [])


@pytest.mark.parametrize(
    "year", ["abc", "99999", "0", "2024.5", "-2024", "２０２４", "%00", "1999", "2099"]
)
def test_a_bad_or_unknown_year_is_a_json_404(client_of, alice, rounds, year):
    data = get_json(client_of(alice), national(year), status=404)
    assert data["detail"]


# /api/v1/rounds/<year>/municipalities/<code>/


def test_members_see_their_own_results(client_of, bob, rounds, municipality):
    data = get_json(client_of(bob), own(2025, "9001"))

    assert data["municipality"]["code"] == "9001"
    assert data["round"] == {"year": 2025, "status": "open"}
    assert (data["in_panel"], data["same_respondent"]) == (True, True)
    scores = {s["code"]: s for s in data["scores"]}
    assert [s["code"] for s in data["scores"]][:3] == ["SL1", "SL2", "SL"]
    # Its own answers at once; its place among the others only once they are released
    # (two responses, fewer than the threshold of 5: tests/reports/test_releases.py).
    assert scores["SL1"] == {
        **scores["SL1"],
        "score": 3.0,
        "rank": None,
        "ranked": 0,
        "percentile": None,
        "previous_score": 2.0,
        "national": None,
    }
    assert data["snapshot"] is None
    assert scores["TOTAL"]["score"] == stored_total(municipality)


def stored_total(municipality) -> float:
    return MunicipalityScore.objects.get(
        snapshot__round__year=2025,
        snapshot__is_current=True,
        snapshot__kind="computed",
        municipality=municipality,
        code="TOTAL",
    ).score


def test_the_national_mean_beside_a_published_score_is_suppressed_when_small(
    client_of, bob, rounds, settings
):
    settings.SMALL_GROUP_THRESHOLD = 5
    data = get_json(client_of(bob), own(2024, "9001"))

    national_sl1 = next(s for s in data["scores"] if s["code"] == "SL1")["national"]
    assert (national_sl1["n"], national_sl1["mean"], national_sl1["suppressed"]) == (3, None, True)


def test_staff_see_any_municipality_with_national_means(client_of, alice, rounds):
    data = get_json(client_of(alice), own(2025, "9002"))

    assert (data["in_panel"], data["same_respondent"]) == (True, False)
    sl1 = next(s for s in data["scores"] if s["code"] == "SL1")
    assert sl1["national"]["mean"] == 2.5
    assert sl1["national"]["suppressed"] is False


@pytest.mark.parametrize("viewer", ["anonymous", "charlie", "outsider"])
def test_others_get_a_404(client, client_of, request, rounds, viewer):
    if viewer != "anonymous":
        client = client_of(request.getfixturevalue(viewer))

    data = get_json(client, own(2025, "9001"), status=404)

    assert data["detail"] == get_json(client, own(2025, "0000"), status=404)["detail"]


def test_outsiders_learn_nothing_about_the_round_either(client_of, charlie, rounds):
    unknown_round = get_json(client_of(charlie), own(1999, "9001"), status=404)
    known_round = get_json(client_of(charlie), own(2025, "9001"), status=404)

    assert unknown_round == known_round


def test_a_member_whose_municipality_did_not_answer_gets_a_404(client_of, bob, municipality):
    SurveyRoundFactory(year=2025)

    assert "2025" in get_json(client_of(bob), own(2025, "9001"), status=404)["detail"]


@pytest.mark.parametrize(
    ("year", "code"), [("abc", "9001"), ("2025", "abc"), ("2025", "90011"), ("2025", "%00")]
)
def test_bad_years_and_codes_are_json_404s(client_of, alice, rounds, year, code):
    assert get_json(client_of(alice), own(year, code), status=404)["detail"]


# /api/v1/reference/


@pytest.mark.parametrize("viewer", ["anonymous", "bob", "outsider", "alice"])
def test_the_published_reference_means_are_public(client, client_of, request, viewer):
    call_command("load_reference", stdout=io.StringIO())
    if viewer != "anonymous":
        client = client_of(request.getfixturevalue(viewer))

    data = get_json(client, REFERENCE)

    assert "Publicerade" in data["note"]
    assert len(data["figures"]) == 96
    sl2 = next(
        f
        for f in data["figures"]
        if (f["year"], f["population"], f["code"]) == (2006, "all", "SL2")
    )
    assert (sl2["mean"], sl2["n"], sl2["level"]) == (1.7, 153, "indicator")
    assert sl2["source"].startswith("SKL")


# Query bounds: the same for a few municipalities and for all 290.


def assert_bounded(client, url, bound, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200


def all_endpoints_bounded(client, django_assert_max_num_queries, *, year, code) -> None:
    for url, bound in [
        (ROUNDS, MAX_QUERIES["rounds"]),
        (national(year), MAX_QUERIES["national"]),
        (own(year, code), MAX_QUERIES["municipality"]),
        (REFERENCE, MAX_QUERIES["reference"]),
    ]:
        assert_bounded(client, url, bound, django_assert_max_num_queries)


def test_queries_are_bounded_on_a_small_data_set(
    client_of, alice, rounds, django_assert_max_num_queries
):
    call_command("load_reference", stdout=io.StringIO())
    staff = client_of(alice)
    all_endpoints_bounded(staff, django_assert_max_num_queries, year=2025, code="9001")


def test_queries_are_bounded_on_all_290_municipalities(
    client, client_of, alice, django_assert_max_num_queries
):
    call_command("load_municipalities", stdout=io.StringIO())
    call_command("load_questionnaire", stdout=io.StringIO())
    call_command("load_reference", stdout=io.StringIO())
    demo_data_generate(municipalities=290, years=[2024, 2025], seed=2007, today=date(2025, 4, 1))
    for survey_round in SurveyRound.objects.order_by("year"):
        round_recompute(survey_round=survey_round)
    totals = MunicipalityScore.objects.filter(snapshot__round__year=2025, code="TOTAL")
    assert totals.count() > 150
    code = totals.first().municipality.code

    assert_bounded(client, national(2024), MAX_QUERIES["national"], django_assert_max_num_queries)
    all_endpoints_bounded(client_of(alice), django_assert_max_num_queries, year=2025, code=code)
