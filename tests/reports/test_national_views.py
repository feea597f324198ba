"""The national report pages: staff only, what a reader sees, a bounded number of
queries whatever the data size, and the PDF and Excel downloads."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reports.services import round_recompute
from surveys.models import SurveyRound
from tests.factories import MunicipalityFactory, SurveyRoundFactory
from tests.reports.helpers import submit

pytestmark = pytest.mark.django_db

# Session, user, two of permissions, the round, two snapshot ids, two reads of group
# figures, the questionnaire's codes, participation, the count of municipalities, the
# municipal totals.
MAX_QUERIES = 13
CACHED_PDF_QUERIES = 6  # the session, the user and their rights, the round, the snapshot
PAGES = ["national_report", "national_report_pdf", "national_report_excel"]


def answers(level: int) -> dict[str, int]:
    codes = ["SL1", "SL2", "SI1", "SI2", "FK1", "FK2", "IT1", "IT2"]
    return {code: min(4, max(1, level + index % 2)) for index, code in enumerate(codes)}


@pytest.fixture
def rounds():
    uppsala = MunicipalityFactory(code="9301", name="Ankeborg", population=150_000)
    bro = MunicipalityFactory(code="9302", name="Brostad", population=8_000)
    cel = MunicipalityFactory(code="9303", name="Cederby", population=30_000)
    dal = MunicipalityFactory(code="9304", name="Dalby", population=12_000)
    previous = SurveyRoundFactory(year=2024, status="published")
    submit(previous, uppsala, answers(2), email="anna@ankeborg.se")
    submit(previous, bro, answers(1), email="bo@brostad.se")
    submit(previous, cel, answers(2), email="cia@cederby.se")
    current = SurveyRoundFactory(year=2025, previous_round=previous)
    submit(current, uppsala, answers(3), email="ANNA@ankeborg.se")
    submit(current, bro, answers(2), email="ny@brostad.se", role="it-chef")
    submit(current, dal, answers(1), email="dan@dalby.se")
    round_recompute(survey_round=previous)
    round_recompute(survey_round=current)
    return previous, current


def test_staff_read_the_report(rounds, alice, client_of):
    page = client_of(alice).get(reverse("national_report", args=[2025]))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Nationell rapport 2025" in html
    assert "3 av landets 4 kommuner har svarat 2025 (75,0 %)" in html
    assert "Svarade bara 2024 (1)" in html and "Cederby" in html  # only the previous round
    assert "Svarade båda omgångarna (2)" in html
    assert "Svarade bara 2025 (1)" in html and "Dalby" in html
    assert "Sammanställning av samtliga svar" in html
    assert "liten grupp" in html  # staff see small groups, flagged
    assert 'data-chart="chart-distribution-data"' in html
    assert 'data-chart="chart-size_band-data"' in html and 'data-chart="chart-role-data"' in html
    assert "Iakttagelser" in html and "Störst ökning" in html


def test_a_round_without_a_previous_round_leaves_those_columns_empty(rounds, alice, client_of):
    page = client_of(alice).get(reverse("national_report", args=[2024]))

    html = page.content.decode()
    assert "Det finns ingen tidigare omgång att jämföra med" in html
    assert page.context["table"].total.all_previous.mean is None
    assert "Hörnstenar och totalt, 2024<" in html  # no made-up previous year


def test_staff_see_municipal_totals_with_names(rounds, alice, client_of):
    report = client_of(alice).get(reverse("national_report", args=[2025])).context["report"]

    assert [placing.name for placing in report.distribution] == ["Ankeborg", "Brostad", "Dalby"]


def test_the_list_links_every_round(rounds, alice, client_of):
    page = client_of(alice).get(reverse("national_list"))

    assert page.status_code == 200
    assert reverse("national_report", args=[2025]).encode() in page.content
    assert reverse("national_report", args=[2024]).encode() in page.content


@pytest.mark.parametrize(
    "name", ["national_list", "national_report", "national_report_pdf", "national_report_excel"]
)
def test_a_municipal_user_is_refused(rounds, bob, client_of, name):
    args = [] if name == "national_list" else [2025]

    assert client_of(bob).get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize(
    "name", ["national_list", "national_report", "national_report_pdf", "national_report_excel"]
)
def test_an_anonymous_visitor_is_sent_to_log_in(rounds, client, name):
    args = [] if name == "national_list" else [2025]

    page = client.get(reverse(name, args=args))

    assert page.status_code == 302 and page.url.startswith(reverse("login"))


@pytest.mark.parametrize("path", ["/rapporter/1999/", "/rapporter/99999999999999999999/pdf/"])
def test_an_unknown_year_is_404(rounds, alice, client_of, path):
    assert client_of(alice).get(path).status_code == 404


def test_a_round_not_yet_computed_says_so(alice, client_of):
    SurveyRoundFactory(year=2025)

    page = client_of(alice).get(reverse("national_report", args=[2025]))

    assert page.status_code == 200
    assert "har inte beräknats ännu" in page.content.decode()


def test_pdf_download(rounds, alice, client_of):
    download = client_of(alice).get(reverse("national_report_pdf", args=[2025]))

    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "e-mognad-2025-nationell-rapport-internt-underlag.pdf" in download["Content-Disposition"]
    assert download.content.startswith(b"%PDF-")


def test_excel_download(rounds, alice, client_of):
    download = client_of(alice).get(reverse("national_report_excel", args=[2025]))

    assert download.status_code == 200
    assert (
        "e-mognad-2025-nationell-rapport-internt-underlag.xlsx" in download["Content-Disposition"]
    )
    workbook = load_workbook(io.BytesIO(download.content))
    assert workbook.sheetnames == [
        "Riksmedel",
        "Deltagande",
        "Fördelning",
        "Kommunstorlek",
        "Svarandens roll",
    ]
    for sheet in workbook.worksheets:  # staff's version, small groups and all
        assert sheet["A1"].value == "Internt underlag – innehåller små grupper"
        assert sheet.oddHeader.center.text == "Internt underlag – innehåller små grupper"
    table = list(workbook["Riksmedel"].iter_rows(min_row=2, values_only=True))
    assert table[0][:5] == ("Nivå", "Kod", "Namn", "2024 alla", "n")
    total = table[-1]
    assert total[:2] == ("total", "TOTAL")
    assert isinstance(total[5], float) and total[6] == 3  # 2025, all respondents, n = 3
    names = [row[2] for row in workbook["Fördelning"].iter_rows(min_row=3, values_only=True)]
    assert names == ["Ankeborg", "Brostad", "Dalby"]


def _page_queries(client, django_assert_max_num_queries, year: int) -> None:
    for name in PAGES:
        # The PDF first reads the snapshot its cache key names; asked again, only that.
        extra = 1 if name == "national_report_pdf" else 0
        with django_assert_max_num_queries(MAX_QUERIES + extra):
            assert client.get(reverse(name, args=[year])).status_code == 200
    with django_assert_max_num_queries(CACHED_PDF_QUERIES):
        assert client.get(reverse("national_report_pdf", args=[year])).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(reverse("national_list")).status_code == 200


def test_queries_are_bounded_on_a_tiny_data_set(
    rounds, alice, client_of, django_assert_max_num_queries
):
    _page_queries(client_of(alice), django_assert_max_num_queries, 2025)


def test_queries_are_bounded_on_290_municipalities(alice, client_of, django_assert_max_num_queries):
    call_command("load_municipalities", stdout=io.StringIO())
    call_command("load_questionnaire", stdout=io.StringIO())
    this_year = timezone.localdate().year  # this year's demo round is open, with drafts
    call_command(
        "generate_demo_data",
        municipalities=290,
        years=[this_year - 1, this_year],
        stdout=io.StringIO(),
    )
    for survey_round in SurveyRound.objects.order_by("year"):
        round_recompute(survey_round=survey_round)
    latest = SurveyRound.objects.order_by("-year").first()

    _page_queries(client_of(alice), django_assert_max_num_queries, latest.year)
    report = client_of(alice).get(reverse("national_report", args=[latest.year])).context["report"]
    assert report.overlap.municipalities == 290
    assert len(report.distribution) > 150  # the open round has drafts still
