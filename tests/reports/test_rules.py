import pytest

from reports.rules import is_suppressed


@pytest.mark.parametrize(
    ("n", "staff", "hidden"),
    [(4, False, True), (5, False, False), (0, False, True), (None, False, True), (1, True, False)],
)
def test_small_groups_are_hidden_from_all_but_staff(settings, n, staff, hidden):
    settings.SMALL_GROUP_THRESHOLD = 5

    assert is_suppressed(n, viewer_is_staff=staff) is hidden
