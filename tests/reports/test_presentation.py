"""How a figure is shown (reports.presentation), one test per rule: every page, chart
table, PDF, export remark and observation takes its text from these."""

import pytest
from django.template import Context, Template
from django.utils import translation

from reports.presentation import (
    change_text,
    figure_remark,
    figure_text,
    figure_value,
    rounded,
    shown,
    shown_difference,
    shown_level,
    signed,
    suppression_note,
)
from reports.selectors.national import UNRELEASED, Figure

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


def test_a_value_is_shown_with_one_decimal_halves_up_a_decimal_comma_and_a_true_minus():
    assert [shown(value) for value in (2.4, 2.35, 2.449, 3, -0.25, 0.0)] == [
        "2,4",
        "2,4",
        "2,4",
        "3,0",
        "\u22120,3",
        "0,0",
    ]
    assert (shown(None), shown("")) == ("–", "–")
    assert (rounded(2.25), rounded(2.35), rounded(2.449)) == (2.3, 2.4, 2.4)
    with translation.override("en"):
        assert shown(2.35) == "2.4"


def test_an_indicators_answer_is_a_level_and_a_mean_has_a_decimal():
    assert (shown_level(3.0, "indicator"), shown_level(2.5, "cornerstone")) == ("3", "2,5")
    assert shown_level(None, "indicator") == "–"


@pytest.mark.parametrize(
    ("value", "other", "difference"),
    [(2.45, 2.44, 0.1), (2.54, 2.46, 0.0), (2.25, 2.0, 0.3), (None, 2.0, None), (1.0, 3.04, -2.0)],
)
def test_a_change_is_the_difference_of_the_figures_as_shown(value, other, difference):
    assert shown_difference(value, other) == difference


def test_a_change_is_signed_with_plus_or_a_true_minus_and_none_when_it_rounds_to_none():
    assert [signed(change) for change in (0.3, -0.3, 0.04, -0.04, 0.0, None)] == [
        "+0,3",
        "\u22120,3",
        "0,0",
        "0,0",
        "0,0",
        "–",
    ]
    assert change_text(2.5, 2.84) == "\u22120,3"  # "2,5" against "2,8"
    assert change_text(2.45, 2.41) == "+0,1"  # "2,5" against "2,4"


def test_a_figure_goes_with_its_n_or_says_why_it_has_no_value():
    assert figure_text(Figure(mean=2.43, n=12)) == f"2,4 (n{NBSP}={NBSP}12)"
    assert figure_text(Figure(mean=3.0, n=2, small=True)) == f"3,0 (n{NBSP}={NBSP}2, liten grupp)"
    assert figure_text(Figure(n=2, suppressed=True)) == f"dold (n{NBSP}={NBSP}2)"
    assert figure_text(UNRELEASED) == "inte släppt ännu"  # not even its n
    assert figure_text(Figure(n=0)) == "–"
    assert [figure_value(f) for f in (Figure(mean=2.43, n=12), Figure(n=2, suppressed=True))] == [
        "2,4",
        "dold",
    ]


def test_an_exports_remark_names_the_threshold_a_hidden_figure_fell_below(settings):
    settings.SMALL_GROUP_THRESHOLD = 5

    assert figure_remark(Figure(n=2, suppressed=True)) == "dold: färre än 5 kommuner"
    assert figure_remark(Figure(mean=3.0, n=2, small=True)) == "liten grupp"
    assert figure_remark(UNRELEASED) == "inte släppt ännu"
    assert figure_remark(Figure(mean=3.0, n=9)) == ""
    assert "färre än 5 kommuner" in suppression_note()


def test_the_templates_filters_show_the_same_texts():
    template = Template(
        "{% load emognad figures %}{{ value|score }} {{ change|signed }} {{ figure|figure_text }} "
        "{{ figure|figure_value }} {% small_group %}"
    )
    context = Context({"value": -0.25, "change": -0.3, "figure": Figure(n=2, suppressed=True)})

    assert template.render(context) == (
        f"\u22120,3 \u22120,3 dold (n{NBSP}={NBSP}2) dold liten grupp"
    )
