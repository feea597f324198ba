"""What the public version hides (docs/figures.md, "The public version"): small groups, the
groups that would give a small one away by subtraction, and panels with a small complement."""

import pytest

from reports.rules import hidden_figures, hidden_groups


@pytest.fixture(autouse=True)
def threshold(settings):
    settings.SMALL_GROUP_THRESHOLD = 5


def test_no_group_is_hidden_when_every_one_is_large_enough():
    assert hidden_groups({"a": 5, "b": 9}, viewer_is_staff=False) == set()


def test_a_small_group_hides_the_next_smallest_too():
    # The whole (14) minus the shown 10 would be the small one's figure.
    assert hidden_groups({"small": 4, "mid": 10}, viewer_is_staff=False) == {"small", "mid"}


def test_hidden_groups_that_together_reach_the_threshold_need_no_more():
    sizes = {"a": 3, "b": 2, "c": 40, "d": 50}
    assert hidden_groups(sizes, viewer_is_staff=False) == {"a", "b"}


def test_the_smallest_shown_groups_are_added_until_the_hidden_ones_reach_it():
    sizes = {"a": 1, "b": 6, "c": 7}
    assert hidden_groups(sizes, viewer_is_staff=False) == {"a", "b"}


def test_staff_see_everything():
    assert hidden_groups({"small": 1, "mid": 10}, viewer_is_staff=True) == set()
    assert hidden_figures({("all", "county", "01", "SL1"): 1}, viewer_is_staff=True) == set()


def test_breakdowns_are_suppressed_per_dimension_and_code():
    sizes = {
        ("all", "nation", "", "SL1"): 30,
        ("all", "county", "01", "SL1"): 2,
        ("all", "county", "02", "SL1"): 28,
        ("all", "county", "01", "SL2"): 10,
        ("all", "county", "02", "SL2"): 20,
    }
    assert hidden_figures(sizes, viewer_is_staff=False) == {
        ("all", "county", "01", "SL1"),
        ("all", "county", "02", "SL1"),
    }


def test_a_panel_whose_complement_is_small_is_hidden_with_its_other_year():
    sizes = {
        ("all", "nation", "", "TOTAL"): 20,
        ("same", "nation", "", "TOTAL"): 18,  # all minus the panel: 2 municipalities
        ("same_prev", "nation", "", "TOTAL"): 18,
        ("panel", "nation", "", "TOTAL"): 20,  # the whole: nothing to subtract
        ("panel_prev", "nation", "", "TOTAL"): 20,
    }
    assert hidden_figures(sizes, viewer_is_staff=False) == {
        ("same", "nation", "", "TOTAL"),
        ("same_prev", "nation", "", "TOTAL"),
    }


def test_a_small_panel_hides_its_other_year_too():
    sizes = {
        ("all", "nation", "", "SL1"): 3,
        ("same", "nation", "", "SL1"): 3,
        ("same_prev", "nation", "", "SL1"): 3,
    }
    hidden = hidden_figures(sizes, viewer_is_staff=False)
    assert ("same", "nation", "", "SL1") in hidden
    assert ("same_prev", "nation", "", "SL1") in hidden
