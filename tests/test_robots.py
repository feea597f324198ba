"""What search engines may index: the published reports and the public pages, never the
answering, results, staff or account pages; every page describes itself."""

import re

import pytest
from django.urls import reverse

from reports.services import round_recompute
from tests.factories import SurveyRoundFactory
from tests.reports.helpers import publish, submit

pytestmark = pytest.mark.django_db

NOINDEX = '<meta name="robots" content="noindex, nofollow">'


def description(html: str) -> str:
    return re.search(r'<meta name="description" content="([^"]+)">', html).group(1)


def test_robots_txt_keeps_private_pages_out_and_lets_reports_in(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    rules = response.content.decode().splitlines()
    for private in ("/svar/", "/inbjudan/", "/resultat/", "/omgangar/", "/konto/"):
        assert f"Disallow: {private}" in rules
    assert "Allow: /rapporter/" in rules


def test_public_pages_may_be_indexed_and_describe_themselves(client):
    for url in (reverse("home"), reverse("privacy")):
        html = client.get(url).content.decode()
        assert NOINDEX not in html
        assert description(html)


def test_other_pages_say_noindex(client):
    html = client.get(reverse("login")).content.decode()

    assert NOINDEX in html
    assert "självvärdering av e-förvaltning" in description(html)


def test_the_public_report_may_be_indexed_and_the_internal_one_not(
    client, client_of, alice, municipality
):
    survey_round = SurveyRoundFactory(year=2025)
    submit(survey_round, municipality, {"SL1": 3})
    round_recompute(survey_round=survey_round)
    publish(survey_round)
    url = reverse("national_report", args=[2025])

    public = client.get(url).content.decode()
    assert NOINDEX not in public
    assert description(public).startswith("E-mognad 2025: ")
    assert NOINDEX in client_of(alice).get(url).content.decode()
