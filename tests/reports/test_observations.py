"""Observations in plain Swedish, from figures given by hand (no database)."""

import pytest
from django.utils import translation

from reports.models import Dimension, Level
from reports.observations.dashboard import (
    largest_changes,
    largest_peer_difference,
    strongest_and_weakest,
    total_against_nation,
    total_change,
)
from reports.selectors.dashboard import PeerGroup, Score
from reports.selectors.national import Figure


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


def cornerstone(code, name, value, previous=None, nation=None, n=10):
    return Score(
        Level.CORNERSTONE,
        code,
        name,
        value=value,
        answered=True,
        previous=previous,
        nation=Figure(mean=nation, n=n),
    )


def indicator(code, value, previous=None):
    return Score(Level.INDICATOR, code, f"Fråga {code}", value=value, previous=previous)


def total(value, nation=None, previous=None, n=200):
    return Score(
        Level.TOTAL,
        "TOTAL",
        "E-förvaltning totalt",
        value=value,
        previous=previous,
        nation=Figure(mean=nation, n=n),
    )


CORNERSTONES = [
    cornerstone("SL", "Styrning och ledning", 3.0, previous=2.0),
    cornerstone("SI", "Samverkan och IT-ekonomi", 2.25, previous=2.5),
    cornerstone("FK", "Förändringsledning", 1.5, previous=1.5),
    cornerstone("IT", "IT-plattform", 2.8, previous=3.2),
]


@pytest.mark.parametrize(
    ("own", "nation", "text"),
    [
        (2.5, 2.2, "Ert totalvärde, 2,5, är 0,3 över riksgenomsnittet (2,2, n = 200)."),
        (2.0, 2.44, "Ert totalvärde, 2,0, är 0,4 under riksgenomsnittet (2,4, n = 200)."),
        (2.44, 2.36, "Ert totalvärde, 2,4, är detsamma som riksgenomsnittet (2,4, n = 200)."),
        (2.45, 2.44, "Ert totalvärde, 2,5, är 0,1 över riksgenomsnittet (2,4, n = 200)."),
    ],
)
def test_total_against_the_nation(own, nation, text):
    assert total_against_nation(total(own, nation)) == text


def test_no_comparison_with_a_hidden_national_figure():
    hidden = Score(Level.TOTAL, "TOTAL", "Totalt", value=2.5, nation=Figure(n=2, suppressed=True))

    assert total_against_nation(hidden) is None


def test_strongest_and_weakest_cornerstone():
    assert strongest_and_weakest(CORNERSTONES) == (
        "Starkast är Styrning och ledning (3,0) och svagast Förändringsledning (1,5)."
    )


def test_cornerstones_that_tie_as_shown_are_named_together():
    tied = [
        cornerstone("SL", "Styrning och ledning", 3.04),
        cornerstone("SI", "Samverkan och IT-ekonomi", 2.96),
        cornerstone("FK", "Förändringsledning", 2.0),
    ]

    assert strongest_and_weakest(tied) == (
        "Starkast är Styrning och ledning samt Samverkan och IT-ekonomi (3,0) och svagast "
        "Förändringsledning (2,0)."
    )


def test_equal_cornerstones_and_too_few_to_compare():
    equal = [cornerstone("SL", "A", 2.0), cornerstone("SI", "B", 2.0)]

    assert strongest_and_weakest(equal) == "Alla era hörnstenar har samma värde, 2,0."
    assert (
        strongest_and_weakest([cornerstone("SL", "A", 2.0), cornerstone("SI", "B", None)]) is None
    )


@pytest.mark.parametrize(
    ("value", "previous", "text"),
    [
        (2.5, 2.1, "Sedan 2024 har ert totalvärde ökat från 2,1 till 2,5."),
        (2.1, 2.5, "Sedan 2024 har ert totalvärde minskat från 2,5 till 2,1."),
        (2.51, 2.49, "Sedan 2024 är ert totalvärde oförändrat, 2,5."),
        (2.5, None, None),
    ],
)
def test_total_change_since_the_previous_round(value, previous, text):
    assert total_change(total(value, previous=previous), 2024) == text


def test_largest_changes_of_cornerstones_and_indicators():
    indicators = [indicator("SL1", 4, 2), indicator("SL2", 3, 2), indicator("IT1", 1, 3)]

    assert largest_changes(CORNERSTONES, indicators) == [
        "Hörnstenen Styrning och ledning har ökat mest, från 2,0 till 3,0.",
        "Hörnstenen IT-plattform har minskat mest, från 3,2 till 2,8.",
        "Bland indikatorerna har SL1 ökat mest, från 2 till 4.",
        "Bland indikatorerna har IT1 minskat mest, från 3 till 1.",
    ]


def test_no_change_no_observation():
    same = [cornerstone("SL", "A", 2.0, previous=2.0), cornerstone("SI", "B", 3.0, previous=None)]

    assert largest_changes(same, [indicator("SL1", 2, 2), indicator("SL2", None, 3)]) == []


def _peer(dimension, label, means, n=12):
    return PeerGroup(
        dimension, "", label, {code: Figure(mean=mean, n=n) for code, mean in means.items()}
    )


def test_where_the_municipality_differs_most_from_its_peers():
    peers = [
        _peer(Dimension.SIZE_BAND, "20 000–49 999 invånare", {"SL": 2.9, "SI": 2.4, "IT": 2.7}),
        _peer(Dimension.COUNTY, "Uppsala län", {"SL": 2.1, "FK": 1.6}, n=8),
    ]

    assert largest_peer_difference(CORNERSTONES, peers) == (
        "Störst skillnad mot liknande kommuner finns i hörnstenen Styrning och ledning: ni ligger "
        "0,9 över snittet för kommunerna i Uppsala län (2,1, n = 8)."
    )


def test_hidden_peer_figures_are_never_compared():
    hidden = PeerGroup(Dimension.SKR_GROUP, "", "B4", {"SL": Figure(n=2, suppressed=True)})
    below = [_peer(Dimension.SIZE_BAND, "0–9 999 invånare", {"SI": 2.6})]

    assert largest_peer_difference(CORNERSTONES, [hidden]) is None
    assert largest_peer_difference(CORNERSTONES, [hidden, *below]) == (
        "Störst skillnad mot liknande kommuner finns i hörnstenen Samverkan och IT-ekonomi: ni "
        "ligger 0,3 under snittet för kommunerna i samma storleksklass, 0–9 999 invånare "
        "(2,6, n = 12)."
    )


def test_level_with_peers():
    peers = [_peer(Dimension.COUNTY, "Uppsala län", {"SL": 3.02})]

    assert largest_peer_difference(CORNERSTONES[:1], peers) == (
        "I alla hörnstenar ligger ni i nivå med liknande kommuner."
    )
