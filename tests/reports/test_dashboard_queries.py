"""The dashboard reads a fixed number of queries, the same for three municipalities and for
all 290 with two rounds of demo data."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from reports.services import round_recompute
from surveys.models import Response, ResponseStatus, SurveyRound
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# Session, user, permissions, round, municipality; response, snapshots, own scores, group
# figures, municipal totals, questionnaire codes, trend (2), published reference.
STAFF_QUERIES = 15
# A member of an unpublished round reads its release: the groups released, and its own
# place among the released figures (docs/figures.md).
QUERIES = STAFF_QUERIES + 2
# The page reads its fresh state first (the current snapshots with its own response
# and total), and the figures only when its cached body is missing.
PAGE_STATE = 1
PAGE_CACHED = 6
DOWNLOADS = ["dashboard_excel", "dashboard_pdf"]


def _assert_bounded(client, code: str, assert_max_queries) -> None:
    url = reverse("municipality_dashboard", kwargs={"year": 2025, "code": code})
    cache.clear()
    with assert_max_queries(QUERIES + PAGE_STATE):
        first = client.get(url)
    with assert_max_queries(PAGE_CACHED):
        again = client.get(url)
    assert first.status_code == again.status_code == 200
    assert _main(first) == _main(again)  # the cached body is the body
    for name in DOWNLOADS:
        # The PDF, like the page, reads its state first and the figures only when the
        # document is not cached yet.
        state = PAGE_STATE if name == "dashboard_pdf" else 0
        with assert_max_queries(QUERIES + state):
            response = client.get(reverse(name, kwargs={"year": 2025, "code": code}))
        assert response.status_code == 200, name
    with assert_max_queries(PAGE_CACHED):
        cached = client.get(reverse("dashboard_pdf", kwargs={"year": 2025, "code": code}))
    assert cached.content == response.content


def _main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


@pytest.fixture
def demo_data():
    quiet = {"stdout": io.StringIO()}
    call_command("load_municipalities", **quiet)
    call_command("load_questionnaire", **quiet)
    call_command("load_reference", **quiet)
    call_command("generate_demo_data", municipalities=290, years=[2024, 2025], **quiet)
    for survey_round in SurveyRound.objects.order_by("year"):
        round_recompute(survey_round=survey_round)


def _answered_both_rounds() -> str:
    submitted = Response.objects.filter(status=ResponseStatus.SUBMITTED)
    earlier = submitted.filter(round__year=2024).values("municipality")
    latest = submitted.filter(round__year=2025, municipality__in=earlier)
    return latest.values_list("municipality__code", flat=True).first()


@pytest.mark.parametrize("viewer", ["member", "staff"])
def test_small_case_is_bounded(
    rounds,
    bob,
    alice,
    client_of,
    django_assert_max_num_queries,
    viewer,
):
    call_command("load_reference", stdout=io.StringIO())
    client = client_of(bob if viewer == "member" else alice)

    _assert_bounded(client, "9001", django_assert_max_num_queries)


@pytest.mark.parametrize("viewer", ["member", "staff"])
def test_290_municipalities_are_bounded_the_same(
    demo_data, alice, client_of, django_assert_max_num_queries, viewer
):
    code = _answered_both_rounds()
    member = UserFactory(email="kommun@demo.example")
    MembershipFactory(user=member, municipality__code=code)
    client = client_of(member if viewer == "member" else alice)

    page = client.get(reverse("municipality_dashboard", kwargs={"year": 2025, "code": code}))
    assert "plats " in page.content.decode()

    _assert_bounded(client, code, django_assert_max_num_queries)
