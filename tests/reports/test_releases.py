"""Figures of a round that is not published are released, not shown live (docs/figures.md):
what a member sees of other municipalities moves on only when at least k responses were
added or changed since the last release, so one more submission, or one edited answer,
elsewhere changes nothing they can see. National staff see the live figures. Publishing
fixes the figures; a later change is published again only with a reason.

Threshold k = 3 here. Municipalities 9001 (bob's) and 9002, 9003 answer first."""

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reports.models import Publication, SnapshotKind
from reports.services import round_recompute, round_republish
from surveys.models import Answer, Response, RoundStatus
from surveys.services.imports import responses_import
from tests.factories import MunicipalityFactory, SurveyRoundFactory
from tests.reports.helpers import publish, submit
from tests.surveys.helpers import CODES, csv_file, row

pytestmark = pytest.mark.django_db

K = 3


@pytest.fixture(autouse=True)
def threshold(settings):
    settings.SMALL_GROUP_THRESHOLD = K
    cache.clear()  # the API's throttle and the dashboard's cached body


@pytest.fixture
def survey_round(municipality, other_municipality):
    current = SurveyRoundFactory(year=2025)
    submit(current, municipality, {"SL1": 2, "SL2": 2})
    submit(current, other_municipality, {"SL1": 3, "SL2": 3})
    submit(current, MunicipalityFactory(code="9003"), {"SL1": 4, "SL2": 1})
    round_recompute(survey_round=current)
    return current


def newcomer(survey_round, code: str, level: int = 1):
    """A municipality of its own size band and county: only the nation and the SKR group
    (B4, as every one here) gain a response."""
    municipality = MunicipalityFactory(code=code, population=150_000 + int(code))
    submit(survey_round, municipality, {"SL1": level, "SL2": level})
    round_recompute(survey_round=survey_round)


def edit(survey_round, code: str, indicator: str, level: int):
    response = Response.objects.get(round=survey_round, municipality__code=code)
    Answer.objects.filter(response=response, indicator__code=indicator).update(value=level)
    Response.objects.filter(pk=response.pk).update(updated_at=timezone.now())
    round_recompute(survey_round=survey_round)


def api(client, year=2025, code="9001") -> dict:
    cache.clear()
    response = client.get(reverse("api_round_municipality", args=[year, code]))
    assert response.status_code == 200, response.content[:300]
    return response.json()


def others(data: dict) -> dict:
    """Everything about other municipalities in a member's API answer."""
    return {
        "snapshot": data["snapshot"],
        "scores": [
            (s["code"], s["rank"], s["ranked"], s["percentile"], s["national"])
            for s in data["scores"]
        ],
    }


def national_sl1(data: dict) -> tuple:
    sl1 = next(s for s in data["scores"] if s["code"] == "SL1")
    return sl1["national"]["n"], sl1["national"]["mean"], sl1["rank"], sl1["ranked"]


def dashboard(client, year=2025, code="9001") -> str:
    html = client.get(reverse("municipality_dashboard", args=[year, code])).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r"<script.*?</script>", " ", main, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


# ---------------------------------------------------------------- the release rule


def test_a_member_sees_the_first_release_once_k_have_answered(survey_round, bob, client_of):
    data = api(client_of(bob))

    assert data["snapshot"]["kind"] == "released"
    assert data["snapshot"]["responses"] == 3
    assert data["snapshot"]["released_at"] is not None
    assert national_sl1(data) == (3, 3.0, 3, 3)  # 2 of 3: last


def test_fewer_than_k_answers_release_nothing(municipality, other_municipality, bob, client_of):
    current = SurveyRoundFactory(year=2025)
    submit(current, municipality, {"SL1": 2})
    submit(current, other_municipality, {"SL1": 4})
    round_recompute(survey_round=current)

    data = api(client_of(bob))

    assert data["snapshot"] is None
    sl1 = next(s for s in data["scores"] if s["code"] == "SL1")
    assert (sl1["score"], sl1["national"], sl1["rank"], sl1["percentile"]) == (
        2.0,
        None,
        None,
        None,
    )
    page = dashboard(client_of(bob))
    assert "Rikets och jämförelsegruppernas siffror har inte släppts ännu." in page
    # The peers table's nation row says so, cornerstone by cornerstone and in total.
    assert re.search(r"Riket( inte släppt ännu){5}", page), page
    assert "n = 2" not in page


def test_one_more_submission_elsewhere_changes_nothing_a_member_sees(survey_round, bob, client_of):
    client = client_of(bob)
    before_api, before_page = others(api(client)), dashboard(client)

    newcomer(survey_round, "9004", level=1)

    assert others(api(client)) == before_api
    assert dashboard(client) == before_page


def test_one_edited_answer_elsewhere_changes_nothing_a_member_sees(survey_round, bob, client_of):
    client = client_of(bob)
    before_api, before_page = others(api(client)), dashboard(client)

    edit(survey_round, "9002", "SL1", 1)

    assert others(api(client)) == before_api
    assert dashboard(client) == before_page


def test_k_new_or_changed_responses_move_the_figures_on(survey_round, bob, client_of):
    client = client_of(bob)
    newcomer(survey_round, "9004", level=1)
    edit(survey_round, "9002", "SL1", 1)
    assert national_sl1(api(client)) == (3, 3.0, 3, 3)  # two changes: still the first

    newcomer(survey_round, "9005", level=4)  # the third

    data = api(client)
    # SL1 now: 2, 1, 4, 1, 4 over five municipalities; 9001's 2 is third of five.
    assert national_sl1(data) == (5, 2.4, 3, 5)
    assert data["snapshot"]["responses"] == 5
    page = dashboard(client)
    assert "(n = 5)" in page
    assert "bygger på svaren den" in page


def test_each_group_is_released_by_its_own_k(survey_round, bob, client_of):
    """9001 (45 000) and 9003 (25 000) share a size band; a third member releases it,
    while the nation, one response on, stays where it was."""
    client = client_of(bob)
    assert "Samma storleksklass: 20 000–49 999 invånare inte släppt ännu" in dashboard(client)

    submit(survey_round, MunicipalityFactory(code="9006", population=30_000), {"SL1": 1})
    round_recompute(survey_round=survey_round)

    page = dashboard(client)
    assert "Samma storleksklass: 20 000–49 999 invånare inte släppt ännu" not in page
    assert national_sl1(api(client)) == (3, 3.0, 3, 3)


def test_staff_see_the_live_figures_at_once(survey_round, alice, client_of):
    newcomer(survey_round, "9004", level=1)

    data = api(client_of(alice))

    assert data["snapshot"]["kind"] == "computed"
    assert national_sl1(data)[:2] == (4, 2.5)


def test_a_members_own_answers_show_at_once(survey_round, bob, client_of):
    client = client_of(bob)
    edit(survey_round, "9001", "SL1", 4)

    data = api(client)

    sl1 = next(s for s in data["scores"] if s["code"] == "SL1")
    assert sl1["score"] == 4.0
    # Its place is worked out against the released figures of the others: first of 3.
    assert (sl1["rank"], sl1["ranked"], sl1["national"]["mean"]) == (1, 3, 3.0)


def test_the_dashboard_says_what_the_figures_build_on(survey_round, bob, client_of):
    page = dashboard(client_of(bob))

    assert "Rikets och jämförelsegruppernas siffror bygger på svaren den" in page
    assert "(n = 3)" in page
    assert "De flyttas fram när minst 3 nya eller ändrade svar har kommit in" in page
    assert "Beräknat " not in page  # when the live figures moved would say who answered


# ---------------------------------------------------------------- publication


def test_publishing_fixes_the_figures_against_a_later_recompute(survey_round, bob, client_of):
    publish(survey_round)
    client = client_of(bob)
    before = others(api(client))
    assert before["snapshot"]["kind"] == "published"
    public = client.get(reverse("api_round_national", args=[2025])).json()

    # An import --replace, or a correction, of a published round, then its recompute.
    edit(survey_round, "9002", "SL1", 1)
    edit(survey_round, "9003", "SL1", 1)
    edit(survey_round, "9003", "SL2", 4)
    round_recompute(survey_round=survey_round, force=True)

    assert others(api(client)) == before
    cache.clear()
    assert client.get(reverse("api_round_national", args=[2025])).json() == public


def test_an_import_with_replace_does_not_change_the_published_figures(survey_round, bob, client_of):
    publish(survey_round)
    client = client_of(bob)
    before = others(api(client))

    data = csv_file(row("9002", values=["1"] * len(CODES)), row("9003", values=["1"] * len(CODES)))
    report = responses_import(survey_round=survey_round, data=data, replace=True)
    assert report.errors == [] and report.replaced == 2
    round_recompute(survey_round=survey_round)

    assert others(api(client)) == before
    assert national_sl1(api(client_of(bob)))[:2] == (3, 3.0)


def test_staff_are_told_and_republish_with_a_reason_that_is_shown(survey_round, alice, client_of):
    publish(survey_round)
    edit(survey_round, "9002", "SL1", 1)
    staff = client_of(alice)

    report = staff.get(reverse("national_report", args=[2025])).content.decode()
    assert "Svaren har ändrats sedan omgången publicerades." in report

    refused = staff.post(reverse("national_republish", args=[2025]), {"reason": " "})
    assert "Skriv varför omgången publiceras igen." in refused.content.decode()
    assert Publication.objects.filter(round=survey_round).count() == 1

    staff.post(
        reverse("national_republish", args=[2025]),
        {"reason": "Testkommun B rättade SL1 efter publiceringen."},
    )

    publications = list(Publication.objects.filter(round=survey_round))
    assert [p.reason for p in publications] == ["", "Testkommun B rättade SL1 efter publiceringen."]
    assert publications[-1].published_by == alice
    cache.clear()
    public = staff.get(reverse("national_public", args=[2025])).content.decode()
    assert "Testkommun B rättade SL1 efter publiceringen." in public
    national = staff.get(reverse("api_round_national", args=[2025])).json()
    assert national["snapshot"]["kind"] == "computed"
    client_of(alice).logout()


def test_republishing_with_nothing_changed_is_refused(survey_round, alice):
    publish(survey_round)

    with pytest.raises(Exception, match="Inget har ändrats sedan omgången publicerades"):
        round_republish(survey_round=survey_round, by=alice, reason="Igen")

    assert Publication.objects.filter(round=survey_round).count() == 1


def test_a_published_round_has_no_releases_left(survey_round):
    publish(survey_round)

    kinds = set(survey_round.snapshots.filter(is_current=True).values_list("kind", flat=True))
    assert kinds == {SnapshotKind.COMPUTED, SnapshotKind.PUBLISHED}
    survey_round.refresh_from_db()
    assert survey_round.status == RoundStatus.PUBLISHED


# ---------------------------------------------------------------- the public version


@pytest.fixture
def published(survey_round, other_municipality):
    """9002 answered by an IT chief: a role group of one, hidden from the public."""
    Response.objects.filter(round=survey_round, municipality=other_municipality).update(
        respondent_role="it-chef"
    )
    round_recompute(survey_round=survey_round, force=True)
    publish(survey_round)
    return survey_round


def test_before_publication_anonymous_visitors_are_asked_to_log_in(survey_round, client):
    for name in ("national_report", "national_report_pdf", "national_report_excel"):
        response = client.get(reverse(name, args=[2025]))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(reverse("national_public", args=[2025])).status_code == 404
    assert client.get(reverse("national_open_table", args=[2025])).status_code == 404


def test_after_publication_anyone_reads_the_public_version(published, client):
    home = client.get("/").content.decode()
    assert f'href="{reverse("national_report", args=[2025])}"' in home

    page = client.get(reverse("national_report", args=[2025]))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Offentlig version, publicerad" in html
    assert "Internt underlag" not in html
    assert "liten grupp" not in html  # no small group is shown flagged, only hidden
    assert "(samma svarande)" not in html
    roles = next(b for b in page.context["report"].breakdowns if b.dimension == "role")
    it_chief = next(row for row in roles.rows if row.key == "it-chef")
    assert it_chief.figures[-1].suppressed and it_chief.figures[-1].mean is None
    # The other role (n = 2) would be the nation minus the IT chief: hidden too.
    chief = next(row for row in roles.rows if row.key == "kommunchef")
    assert chief.figures[-1].suppressed
    assert all(placing.name == "" for placing in page.context["report"].distribution)


def test_staff_read_the_internal_version_and_can_fetch_the_public_one(published, alice, client_of):
    staff = client_of(alice)
    html = staff.get(reverse("national_report", args=[2025])).content.decode()

    assert "Internt underlag – innehåller små grupper" in html
    assert reverse("national_public_pdf", args=[2025]) in html
    public = staff.get(reverse("national_public_excel", args=[2025]))
    workbook = load_workbook(io.BytesIO(public.content))
    assert workbook["Riksmedel"]["A1"].value.startswith("Källa: ")
    assert "offentlig" in public["Content-Disposition"]


def test_the_public_pdf_and_excel(published, client):
    pdf = client.get(reverse("national_report_pdf", args=[2025]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert "offentlig" in pdf["Content-Disposition"]

    excel = client.get(reverse("national_report_excel", args=[2025]))
    workbook = load_workbook(io.BytesIO(excel.content))
    for sheet in workbook.worksheets:
        assert "Internt underlag" not in str(sheet["A1"].value)
        assert "Licens: CC BY 4.0" in sheet["A1"].value
    roles = list(workbook["Svarandens roll"].iter_rows(min_row=3, values_only=True))
    assert all(row[1] is None for row in roles)  # every role group hidden (see above)


def test_open_data_states_its_licence_and_hides_small_groups(published, client):
    table = client.get(reverse("national_open_table", args=[2025]))

    assert table.status_code == 200
    assert table["Content-Type"].startswith("text/csv")
    assert table["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    rows = list(csv.reader(io.StringIO(table.content.decode())))
    assert rows[0] == ["level", "code", "all_2024", "all_2025", "panel_2024", "panel_2025"]
    sl1 = next(row for row in rows if row[1] == "SL1")
    assert sl1[3] == "3.000"  # (2 + 3 + 4) / 3, n = 3

    groups = client.get(reverse("national_open_groups", args=[2025]))
    rows = list(csv.DictReader(io.StringIO(groups.content.decode())))
    it_chief = next(r for r in rows if r["dimension"] == "role" and r["group"] == "it-chef")
    assert (it_chief["mean"], it_chief["n"]) == ("", "1")
    nation = next(r for r in rows if r["dimension"] == "nation" and r["code"] == "TOTAL")
    assert nation["mean"] and nation["n"] == "3"
    page = client.get(reverse("national_report", args=[2025])).content.decode()
    assert 'rel="license"' in page and "CC BY 4.0" in page
