"""PDFs cannot tie up the web workers: each is made once per snapshot (and language,
municipality, audience) and then read from the cache, and a visitor making new ones is
stopped after a few, in Swedish, while what is already made is still served."""

import pytest
from django.core.cache import cache
from django.test import Client

from common import pdf
from common.throttle import PDF_RENDERS, Throttle
from reports.services import round_recompute
from surveys.models import SurveyRound
from tests.factories import MunicipalityFactory
from tests.reports.helpers import submit
from tests.reports.test_dashboard import rounds, threshold, url  # noqa: F401 (fixtures)
from tests.surveys.test_answer_support import enter_and_start, invite, open_round

pytestmark = pytest.mark.django_db

DASHBOARD_PDF = url(name="dashboard_pdf")
NATIONAL_PDF = "/rapporter/2025/pdf/"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def two_renders(monkeypatch):
    """The limit at 2 instead of 10: the same refusal, without making ten PDFs."""
    monkeypatch.setattr(pdf, "PDF_RENDERS", Throttle("pdf-render", 2, 5 * 60))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_at_most_ten_new_pdfs_in_five_minutes():
    assert (PDF_RENDERS.limit, PDF_RENDERS.window_seconds) == (10, 5 * 60)


def test_the_same_dashboard_pdf_asked_again_is_the_same_document(rounds, bob):  # noqa: F811
    first = signed_in(bob).get(DASHBOARD_PDF)
    again = signed_in(bob).get(DASHBOARD_PDF)

    assert first.status_code == again.status_code == 200
    assert first.content.startswith(b"%PDF")
    assert again.content == first.content  # the same made-at time: not made again


def test_a_new_snapshot_makes_a_new_dashboard_pdf(rounds, bob):  # noqa: F811
    first = signed_in(bob).get(DASHBOARD_PDF).content
    current = SurveyRound.objects.get(year=2025)
    late = MunicipalityFactory(code="9004", name="Testkommun D")
    submit(current, late, {"SL1": 1, "SL2": 1, "SI1": 1, "FK1": 1, "IT1": 1})
    round_recompute(survey_round=current)

    again = signed_in(bob).get(DASHBOARD_PDF).content

    assert again.startswith(b"%PDF") and again != first


def test_english_and_staff_get_pdfs_of_their_own(rounds, bob, alice):  # noqa: F811
    swedish = signed_in(bob).get(DASHBOARD_PDF).content
    english_client = signed_in(bob)
    english_client.cookies["django_language"] = "en"
    english = english_client.get(DASHBOARD_PDF).content
    staff = signed_in(alice).get(DASHBOARD_PDF).content

    assert len({swedish, english, staff}) == 3


def test_the_national_pdf_is_made_once_per_snapshot(rounds, alice):  # noqa: F811
    first = signed_in(alice).get(NATIONAL_PDF)
    again = signed_in(alice).get(NATIONAL_PDF)

    assert first.status_code == 200 and again.content == first.content


def test_too_many_new_pdfs_are_refused_in_swedish_and_cached_ones_still_served(
    rounds,  # noqa: F811
    bob,
    alice,
    two_renders,
):
    staff = signed_in(alice)
    staff.get(DASHBOARD_PDF)
    staff.get(NATIONAL_PDF)

    refused = staff.get("/rapporter/2024/pdf/")

    assert refused.status_code == 429
    assert refused["Retry-After"] == "300"
    text = refused.content.decode()
    assert "För många PDF:er på kort tid" in text and "Försök igen om några minuter" in text
    assert staff.get(NATIONAL_PDF).status_code == 200  # made already: served
    assert signed_in(bob).get(DASHBOARD_PDF).status_code == 200  # cached for members


def test_one_visitors_pdfs_do_not_stop_another(rounds, bob, alice, two_renders):  # noqa: F811
    staff = signed_in(alice)
    staff.get("/rapporter/2024/pdf/")
    staff.get(NATIONAL_PDF)
    assert staff.get(DASHBOARD_PDF).status_code == 429

    assert signed_in(bob).get(DASHBOARD_PDF).status_code == 200


def test_the_answers_pdf_is_made_anew_each_time_within_the_limit(municipality, two_renders):
    client = Client()
    survey_round = open_round()
    enter_and_start(client, invite(survey_round, municipality))
    answers_pdf = f"/svar/{survey_round.year}/9001/pdf/"

    statuses = [client.get(answers_pdf).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
