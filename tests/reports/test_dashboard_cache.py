"""The dashboard's cached body never outlives the figures it shows."""

import pytest
from django.urls import reverse

from reports.services import round_recompute
from surveys.models import Answer
from tests.factories import MembershipFactory, MunicipalityFactory, SurveyRoundFactory
from tests.reports.helpers import submit

pytestmark = pytest.mark.django_db


def test_a_new_snapshot_shows_at_once_and_a_pending_change_is_announced(client_of, settings):
    settings.SMALL_GROUP_THRESHOLD = 1
    municipality = MunicipalityFactory(code="9301")
    survey_round = SurveyRoundFactory(year=2025)
    # Totals 1,25 and later 2,75: figures no bin of the distribution table is labelled with.
    response = submit(survey_round, municipality, {"SL1": 1, "SI1": 1, "FK1": 1, "IT1": 2})
    round_recompute(survey_round=survey_round)
    client = client_of(MembershipFactory(municipality=municipality).user)
    url = reverse("municipality_dashboard", args=[2025, "9301"])
    assert "1,3" in client.get(url).content.decode()

    Answer.objects.filter(response=response).exclude(indicator__code="IT1").update(value=3)
    response.save()  # the response changed after the snapshot
    pending = client.get(url).content.decode()
    assert "Resultaten beräknas" in pending and "2,8" not in pending

    round_recompute(survey_round=survey_round)
    fresh = client.get(url).content.decode()
    assert "2,8" in fresh and "Resultaten beräknas" not in fresh
