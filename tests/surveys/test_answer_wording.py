"""The answering pages say each thing once."""

import re

import pytest
from django.urls import reverse

from surveys.models import Indicator, Response
from tests.factories import SurveyRoundFactory
from tests.reports.helpers import submit

pytestmark = pytest.mark.django_db


def sentences(html: str) -> list[str]:
    """The page's statements; the questions, which the review lists both as unanswered and
    in their cornerstone, are left out."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    for question in Indicator.objects.values_list("text_sv", flat=True):
        text = text.replace(" ".join(question.split()), " ")
    said = [s.strip() for s in re.split(r"(?<=[.!])\s", text)]
    return [s for s in said if len(s) > 30]


@pytest.fixture
def submitted(municipality, bob, client_of):
    survey_round = SurveyRoundFactory(year=2025)
    submit(survey_round, municipality, {"SL1": 3})
    return client_of(bob)


@pytest.mark.parametrize("name", ["answer_start", "answer_review"])
def test_no_sentence_is_said_twice(submitted, name):
    html = submitted.get(reverse(name, args=[2025, "9001"])).content.decode()
    main = html[html.index("<main") : html.index("</main>")]

    said = sentences(main)
    assert len(said) == len(set(said)), [s for s in said if said.count(s) > 1]


def test_a_submitted_response_is_reviewed_not_submitted_again(submitted):
    html = submitted.get(reverse("answer_review", args=[2025, "9001"])).content.decode()

    assert "<h1>Granska svaren</h1>" in html
    assert "Skicka in svaren" not in html
    assert Response.objects.get().status == "submitted"
