"""The national report's reads: participation, the table, breakdowns, suppression of
small groups as a parameter, and the observations."""

import pytest

from reports.observations.national import national_observations
from reports.selectors.national import (
    national_report,
    national_table,
)
from reports.services import round_recompute
from tests.factories import MunicipalityFactory, SurveyRoundFactory
from tests.reports.helpers import publish, submit

pytestmark = pytest.mark.django_db

ALL_CODES = [
    *["SL1", "SL2", "SL3", "SL4", "SL5"],
    *["SI1", "SI2", "SI3", "SI4"],
    *["FK1", "FK2", "FK3", "FK4", "FK5", "FK6"],
    *["IT1", "IT2", "IT3", "IT4"],
]


def everything(value: int, **overrides: int) -> dict[str, int]:
    return {code: overrides.get(code, value) for code in ALL_CODES}


@pytest.fixture
def rounds():
    """Six municipalities answered both rounds with the same respondent (one size band,
    five chiefs and one IT chief); a seventh answered only 2024 and an eighth, a large
    one, only 2025. On the panel SL2 rises by one and IT4 falls by one; FK1 stays low."""
    panel = [
        MunicipalityFactory(code=f"95{i:02d}", name=f"Panelby {i}", population=5_000)
        for i in range(6)
    ]
    gone = MunicipalityFactory(code="9590", name="Förrastad", population=5_000)
    new = MunicipalityFactory(code="9591", name="Nystad", population=150_000)
    previous = SurveyRoundFactory(year=2024, status="published")
    current = SurveyRoundFactory(year=2025, previous_round=previous)
    for index, municipality in enumerate(panel):
        email = f"chef{index}@kommun.se"
        role = "it-chef" if index == 0 else "kommunchef"
        submit(previous, municipality, everything(2, SL2=1, IT4=3, FK1=1), email=email, role=role)
        submit(current, municipality, everything(2, SL2=2, IT4=2, FK1=1), email=email, role=role)
    submit(previous, gone, everything(3), email="x@forrastad.se")
    submit(current, new, everything(4), email="y@nystad.se")
    round_recompute(survey_round=previous)
    round_recompute(survey_round=current)
    return previous, current


def row(table, code):
    return next(item for item in table.rows if item.code == code)


def group(report, dimension, key):
    breakdown = next(b for b in report.breakdowns if b.dimension == dimension)
    return next(item for item in breakdown.rows if item.key == key)


def test_participation_lists_who_answered_when(rounds):
    _previous, current = rounds

    participation = national_report(survey_round=current, viewer_is_staff=True).overlap

    assert [p.name for p in participation.previous_only] == ["Förrastad"]
    assert [p.name for p in participation.current_only] == ["Nystad"]
    assert len(participation.both) == 6 and participation.same_respondent == 6
    assert (participation.current, participation.previous, participation.either) == (7, 7, 8)
    assert participation.response_rate == pytest.approx(100 * 7 / participation.municipalities)


def test_the_table_compares_all_and_the_same_respondents(rounds):
    _previous, current = rounds

    table = national_table(survey_round=current, viewer_is_staff=True)

    assert [item.code for item in table.rows][:6] == ["SL1", "SL2", "SL3", "SL4", "SL5", "SL"]
    assert table.rows[-1].code == "TOTAL"
    sl2 = row(table, "SL2")
    # all 2024: (6×1 + 3)/7; all 2025: (6×2 + 4)/7; the panel: six 1s, then six 2s.
    assert sl2.all_previous.mean == pytest.approx(9 / 7) and sl2.all_previous.n == 7
    assert sl2.all_current.mean == pytest.approx(16 / 7)
    assert (sl2.panel_previous.mean, sl2.panel_current.mean, sl2.panel_current.n) == (1, 2, 6)
    assert sl2.panel_change == 1 and sl2.raw_change == pytest.approx(1)


def test_without_a_previous_round_the_previous_columns_are_empty(rounds):
    previous, _current = rounds

    table = national_table(survey_round=previous, viewer_is_staff=True)

    assert table.previous_year is None and table.header_years == (2023, 2024)
    assert all(
        item.all_previous.mean is None and item.panel_current.mean is None for item in table.rows
    )
    assert row(table, "TOTAL").all_current.n == 7


def test_staff_see_small_groups_flagged(rounds):
    _previous, current = rounds

    report = national_report(survey_round=current, viewer_is_staff=True)

    it_chief = group(report, "role", "it-chef").figures[-1]
    assert (it_chief.mean, it_chief.n, it_chief.small, it_chief.suppressed) == (
        pytest.approx(47 / 24),  # SL, SI, IT 2, FK (1 + 5×2)/6 = 11/6: (6 + 11/6)/4
        1,
        True,
        False,
    )
    assert report.distribution[0].name == "Nystad"


def test_others_get_small_groups_hidden_with_no_value(rounds):
    _previous, current = rounds
    publish(current)

    report = national_report(survey_round=current, viewer_is_staff=False)

    it_chief = group(report, "role", "it-chef").figures[-1]
    assert (it_chief.mean, it_chief.n, it_chief.suppressed) == (None, 1, True)
    big = group(report, "size_band", "100000-").figures[-1]
    assert big.suppressed and big.mean is None
    # n = 6, but the nation (n = 7) minus it would be the large municipality's figure:
    # hidden as well (secondary suppression).
    assert group(report, "size_band", "0-9999").figures[-1].suppressed
    assert report.table.rows[-1].all_current.mean is not None  # the nation, n = 7
    assert all(placing.name == "" for placing in report.distribution)


def test_the_threshold_is_the_setting(rounds, settings):
    _previous, current = rounds
    publish(current)
    settings.SMALL_GROUP_THRESHOLD = 8

    table = national_table(survey_round=current, viewer_is_staff=False)

    assert row(table, "TOTAL").all_current.suppressed  # n = 7 is now a small group
    assert table.any_suppressed


def test_observations_name_the_largest_changes_and_the_weakest(rounds):
    _previous, current = rounds

    notes = national_observations(national_report(survey_round=current, viewer_is_staff=True))

    text = "\n".join(notes)
    assert "Störst ökning bland kommuner med samma svarande båda åren: SL2" in text
    assert "från 1,0 till 2,0 (+1,0, n = 6)" in text
    assert "Störst minskning bland kommuner med samma svarande båda åren: IT4" in text
    assert "Lägst värde 2025 har FK1" in text
    assert "Mellan kommunstorlekarna skiljer det totala medelvärdet" in text


def test_observations_for_others_leave_hidden_groups_out(rounds):
    _previous, current = rounds
    publish(current)

    notes = national_observations(national_report(survey_round=current, viewer_is_staff=False))

    assert not any("Mellan svarandenas roller" in note for note in notes)  # 6 + 1: one hidden
    assert not any("Mellan kommunstorlekarna" in note for note in notes)


def test_a_round_without_previous_round_says_so(rounds):
    previous, _current = rounds

    notes = national_observations(national_report(survey_round=previous, viewer_is_staff=True))

    assert "Det finns ingen tidigare omgång att jämföra med." in notes
