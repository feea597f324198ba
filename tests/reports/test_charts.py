"""The generic Plotly builders: what a reader of the chart would see in its data."""

import json

import pytest
from django.utils import translation

from reports.charts.builders import (
    OTHER,
    OWN,
    PALETTE,
    Series,
    bars_with_marker,
    distribution_with_highlight,
    figure_data,
    radar,
    trend_lines,
)


def _contrast_with_white(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


def test_every_colour_has_3_to_1_contrast_on_white():
    assert all(_contrast_with_white(colour) >= 3 for colour in [*PALETTE, OTHER])


def test_radar_closes_each_series_and_tells_series_apart_by_more_than_colour():
    figure = radar(
        ["SL", "SI", "FK", "IT"],
        [Series("Er kommun", [3, 4, 2, 1]), Series("Riket", [2.7, 3.3, 2.3, 2.3])],
    )

    own, nation = figure.data
    assert own["r"] == [3, 4, 2, 1, 3]
    assert own["theta"] == ["SL", "SI", "FK", "IT", "SL"]
    assert own["line"]["dash"] != nation["line"]["dash"]
    assert own["marker"]["symbol"] != nation["marker"]["symbol"]
    assert figure.layout["polar"]["radialaxis"]["range"] == [0, 4.05]


def test_bars_with_marker_write_the_note_where_there_is_no_value():
    figure = bars_with_marker(
        ["SL1", "SL2", "SL3"],
        [4, None, None],
        [3.0, 2.5, None],
        value_name="Er kommun",
        marker_name="Riket",
        notes=["", "vet ej", "ej besvarad"],
    )

    bars, markers = figure.data
    assert bars["x"] == [4, None, None]
    assert markers["x"] == [3.0, 2.5, None]
    assert [(a["y"], a["text"]) for a in figure.layout["annotations"]] == [
        ("SL2", "vet ej"),
        ("SL3", "ej besvarad"),
    ]


def test_distribution_highlights_one_anonymous_bar():
    figure = distribution_with_highlight(
        [1.8, 2.5, 3.1], highlight=1, name="Totalvärde", highlight_name="Er kommun"
    )

    (bars,) = figure.data
    assert bars["x"] == [1, 2, 3]  # positions, no names
    assert bars["marker"]["color"] == [OTHER, OWN, OTHER]
    (annotation,) = figure.layout["annotations"]
    assert (annotation["x"], annotation["y"], annotation["text"]) == (2, 2.5, "Er kommun")
    assert figure.layout["xaxis"]["showticklabels"] is False


def test_distribution_without_highlight_has_no_label():
    figure = distribution_with_highlight([2.0], highlight=None, name="x", highlight_name="y")

    assert "annotations" not in figure.layout


def test_trend_lines_leave_gaps_where_there_is_no_value():
    figure = trend_lines(
        [2006, 2007, 2024, 2025],
        [Series("Er kommun", [None, None, 2.0, 2.5]), Series("Riket", [2.3, 2.4, 2.3, 2.6])],
    )

    own, nation = figure.data
    assert own["y"] == [None, None, 2.0, 2.5]
    assert own["connectgaps"] is False
    assert own["line"]["color"] != nation["line"]["color"]


@pytest.mark.parametrize(("language", "separators"), [("sv", ",\u00a0"), ("en", ".,")])
def test_numbers_use_the_languages_decimal_mark(language, separators):
    with translation.override(language):
        figure = trend_lines([2025], [Series("x", [2.5])])

    assert figure.layout["separators"] == separators


def test_figure_data_is_plain_json_that_plotly_js_draws():
    data = figure_data(radar(["A", "B"], [Series("x", [1, 2])]))

    assert json.loads(json.dumps(data)) == data
    assert set(data) == {"data", "layout"} and data["data"][0]["type"] == "scatterpolar"
    assert len(json.dumps(data)) < 3000
