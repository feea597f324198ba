import pytest

from reports.rules import is_suppressed


@pytest.mark.parametrize(
    ("n", "staff", "hidden"),
    [(4, False, True), (5, False, False), (0, False, True), (None, False, True), (1, True, False)],
)
def test_small_groups_are_hidden_from_all_but_staff(settings, n, staff, hidden):
    settings.SMALL_GROUP_THRESHOLD = 5

    assert is_suppressed(n, viewer_is_staff=staff) is hidden


@pytest.mark.parametrize(
    ("value", "other", "shown"),
    [(2.45, 2.44, 0.1), (2.54, 2.46, 0.0), (2.25, 2.0, 0.3), (None, 2.0, None), (1.0, 3.04, -2.0)],
)
def test_a_change_is_the_difference_of_the_figures_as_shown(value, other, shown):
    from reports.rules import shown_difference

    assert shown_difference(value, other) == shown
