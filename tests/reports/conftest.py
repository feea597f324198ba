"""Fixtures shared by the report tests: the dashboard's case computed by hand (see
test_dashboard.py), with the small-group threshold at 3. A module with a case of its own
defines its own `rounds`."""

import pytest

from tests.reports.helpers import dashboard_case


@pytest.fixture
def threshold(settings):
    settings.SMALL_GROUP_THRESHOLD = 3
    return 3


@pytest.fixture
def rounds(municipality, other_municipality, threshold):
    return dashboard_case(municipality, other_municipality)
