"""The dashboard's words agree with its numbers: "1 kommun", never "de 1 kommuner"."""

import re

import pytest
from django.urls import reverse

from reports.services import round_recompute
from tests.factories import SurveyRoundFactory
from tests.reports.helpers import submit

pytestmark = pytest.mark.django_db


def lead(client) -> str:
    html = client.get(reverse("municipality_dashboard", args=[2025, "9001"])).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return text


@pytest.mark.parametrize(
    ("status", "wording"),
    [
        ("open", "Rikets siffror bygger på 1 kommun som har svarat hittills"),
        ("closed", "Rikets siffror bygger på 1 kommun som svarade."),
    ],
)
def test_one_municipality_is_one_kommun(alice, client_of, municipality, status, wording):
    survey_round = SurveyRoundFactory(year=2025, status=status)
    submit(survey_round, municipality, {"SL1": 3})
    round_recompute(survey_round=survey_round)

    text = lead(client_of(alice))

    assert wording in text
    assert "de 1 kommuner" not in text
