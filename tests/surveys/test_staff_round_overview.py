"""What national staff see first and the participation list for 290: the home page's
round, the list's combined filters, sorting, pages, progress, a reminder to one
municipality, the list as CSV and Excel, the confirmation before mass e-mail, and a
round that is open elsewhere named where it matters."""

import csv
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from surveys.models import Invitation, Response, ResponseStatus, RoundStatus, SurveyRound
from surveys.services.invitations import invitations_create
from tests.factories import (
    ContactFactory,
    CountyFactory,
    MunicipalityFactory,
    SurveyRoundFactory,
    load_questionnaire,
)

pytestmark = pytest.mark.django_db
STATUS = "/omgangar/2026/inbjudningar/"


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def questionnaire():
    return load_questionnaire()


@pytest.fixture
def open_round(questionnaire):
    return SurveyRoundFactory(
        current=True, status=RoundStatus.OPEN, questionnaire=questionnaire, closes_in_days=12
    )


@pytest.fixture
def invited(open_round):
    """Four municipalities in two counties, small and large, all sent their invitation: one
    submitted, one with a draft of 3 answers, two that have not started."""
    north, south = CountyFactory(code="25", name="Norrbottens län"), CountyFactory(code="12")
    made = {
        "Lilla": MunicipalityFactory(code="9501", name="Lilla", county=north, population=5_000),
        "Stora": MunicipalityFactory(code="9502", name="Stora", county=north, population=150_000),
        "Mellan": MunicipalityFactory(code="9503", name="Mellan", county=south, population=30_000),
        "Sista": MunicipalityFactory(code="9504", name="Sista", county=south, population=8_000),
    }
    for municipality in made.values():
        ContactFactory(municipality=municipality, email=f"chef@{municipality.code}.example")
    invitations_create(survey_round=open_round)
    Invitation.objects.update(sent_at=timezone.now())
    now = timezone.now()
    Response.objects.create(
        round=open_round,
        municipality=made["Stora"],
        status=ResponseStatus.SUBMITTED,
        submitted_at=now,
    )
    draft = Response.objects.create(round=open_round, municipality=made["Mellan"])
    for indicator in open_round.questionnaire.cornerstones.first().indicators.all()[:3]:
        draft.answers.create(indicator=indicator, value=2)
    return made


# ---------------------------------------------------------------- the home page


def test_staff_home_shows_the_open_round_participation_days_left_and_reminders(
    client_of, alice, invited
):
    page = text(client_of(alice).get("/"))

    assert "Omgång 2026" in page
    assert "12 dagar kvar" in page
    assert "<strong>1</strong> av 4 kommuner har skickat in (25,0 %)" in page
    assert "4 inbjudna" in page and "1 utkast" in page
    assert "Inga misslyckade utskick" in page
    assert "2 till kommuner som inte börjat" in page
    assert "1 till kommuner med ett utkast" in page
    assert "Norrbottens län" in page and "1 / 2" in page
    assert "100 000 invånare eller fler" in page
    assert "Kommuner och kontaktpersoner" in page  # the tools are still there


def test_staff_home_counts_failed_mails_and_links_to_them(client_of, alice, invited):
    Invitation.objects.filter(municipality__code="9501").update(
        failed_at=timezone.now(), failure_reason="SMTPRecipientsRefused", pending_mail="invitation"
    )
    page = text(client_of(alice).get("/"))
    assert "1 utskick misslyckades" in page
    assert f'href="{STATUS}?status=failed"' in page


def test_staff_home_without_rounds_offers_the_first(client_of, alice, questionnaire):
    page = text(client_of(alice).get("/"))
    assert "Ingen omgång ännu" in page and 'href="/omgangar/ny/"' in page


def test_staff_home_without_an_open_round_shows_the_latest(client_of, alice, questionnaire):
    SurveyRoundFactory(
        current=True, year=2025, status=RoundStatus.PUBLISHED, questionnaire=questionnaire
    )
    page = text(client_of(alice).get("/"))
    assert "Omgång 2025" in page and "Ingen omgång är öppen." in page
    assert "dagar kvar" not in page


# ---------------------------------------------------------------- the participation list


def names_in(page: str, names=("Lilla", "Stora", "Mellan", "Sista")) -> list[str]:
    found = [(page.index(f">{name}</a>"), name) for name in names if f">{name}</a>" in page]
    return [name for _, name in sorted(found)]


def test_filters_combine_county_size_status_and_search(client_of, alice, invited):
    staff = client_of(alice)
    assert names_in(text(staff.get(STATUS, {"county": "25"}))) == ["Lilla", "Stora"]
    assert names_in(text(staff.get(STATUS, {"county": "25", "size": "0-9999"}))) == ["Lilla"]
    assert names_in(text(staff.get(STATUS, {"size": "0-9999", "status": "sent"}))) == [
        "Lilla",
        "Sista",
    ]
    page = text(staff.get(STATUS, {"county": "12", "status": "sent", "q": "Sis"}))
    assert names_in(page) == ["Sista"] and "1 kommun visas" in page


def test_each_row_shows_progress_and_columns_sort(client_of, alice, invited):
    staff = client_of(alice)
    page = text(staff.get(STATUS))
    assert "3 av 19" in page and "0 av 19" in page

    assert (
        names_in(text(staff.get(STATUS, {"sort": "answered", "order": "desc"})))[:2]
        == [
            "Mellan",
            "Lilla",
        ]
        or names_in(text(staff.get(STATUS, {"sort": "answered", "order": "desc"})))[0] == "Mellan"
    )
    assert names_in(text(staff.get(STATUS, {"sort": "size"}))) == [
        "Lilla",
        "Sista",
        "Mellan",
        "Stora",
    ]
    by_status = text(staff.get(STATUS, {"sort": "status"}))
    assert names_in(by_status)[:2] == ["Stora", "Mellan"]
    assert 'aria-sort="ascending"' in by_status


def test_a_bad_sort_or_page_is_ignored(client_of, alice, invited):
    reply = client_of(alice).get(STATUS, {"sort": "drop table", "order": "x", "page": "-1"})
    assert reply.status_code == 200
    assert names_in(text(reply)) == ["Lilla", "Mellan", "Sista", "Stora"]


def test_the_list_pages_by_a_hundred(client_of, alice, open_round):
    for number in range(150):
        MunicipalityFactory(code=f"{6000 + number}", name=f"Kommun {number:03d}")
    staff = client_of(alice)
    first = text(staff.get(STATUS))
    assert "150 kommuner, 1–100 visas" in first and ">Kommun 099<" in first
    assert ">Kommun 100<" not in first
    second = text(staff.get(STATUS, {"page": "2"}))
    assert "150 kommuner, 101–150 visas" in second and ">Kommun 100<" in second


# ---------------------------------------------------------------- a reminder to one


@pytest.fixture
def workers(django_capture_on_commit_callbacks):
    """`with workers():` around a click: the queued mail is sent, as the workers would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def remind(client, municipality):
    invitation = Invitation.objects.get(municipality=municipality)
    return client.post(f"/omgangar/2026/inbjudningar/{invitation.pk}/paminn/", follow=True)


def test_a_reminder_to_one_municipality_goes_to_it_alone(client_of, alice, invited, workers):
    with workers():
        reply = remind(client_of(alice), invited["Lilla"])

    assert "En påminnelse till Lilla (chef@9501.example) är lagd i kö" in text(reply)
    assert [message.to[0].endswith("<chef@9501.example>") for message in mail.outbox] == [True]
    assert Invitation.objects.get(municipality=invited["Lilla"]).reminders_sent == 1


def test_a_draft_gets_the_draft_reminder(client_of, alice, invited, workers):
    with workers():
        reply = remind(client_of(alice), invited["Mellan"])
    assert "svaret är ett utkast" in text(reply)
    assert Invitation.objects.get(municipality=invited["Mellan"]).reminders_sent == 1


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("Stora", "Stora har redan skickat in sitt svar; ingen påminnelse behövs."),
        ("again", "Lilla har redan fått en påminnelse i dag, eller har en på väg."),
        ("unsent", "Inbjudan till Sista har inte gått ut än; skicka den först."),
    ],
)
def test_a_reminder_that_does_not_apply_is_refused_politely(
    client_of, alice, invited, workers, who, message
):
    staff = client_of(alice)
    if who == "again":
        with workers():
            remind(staff, invited["Lilla"])
        who = "Lilla"
    if who == "unsent":
        Invitation.objects.filter(municipality=invited["Sista"]).update(sent_at=None)
        who = "Sista"
    before = list(Invitation.objects.values("reminders_sent", "pending_mail").order_by("pk"))
    sent = len(mail.outbox)

    with workers():
        reply = remind(staff, invited[who])

    assert reply.status_code == 200
    assert message in text(reply)
    assert len(mail.outbox) == sent
    assert list(Invitation.objects.values("reminders_sent", "pending_mail").order_by("pk")) == (
        before
    )


def test_no_reminder_once_the_round_is_closed(client_of, alice, invited, open_round):
    SurveyRound.objects.filter(pk=open_round.pk).update(status=RoundStatus.CLOSED)
    reply = remind(client_of(alice), invited["Lilla"])
    assert "Omgång 2026 är inte öppen; inga utskick görs." in text(reply)
    assert mail.outbox == []


# ---------------------------------------------------------------- CSV and Excel


def test_the_list_as_csv_with_the_filters(client_of, alice, invited):
    reply = client_of(alice).get(STATUS + "kommuner.csv", {"county": "25"})

    assert reply["Content-Type"].startswith("text/csv")
    assert "e-mognad-2026-deltagande.csv" in reply["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(reply.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:6] == [
        "Kommun",
        "Kod",
        "Län",
        "Storleksklass",
        "Status",
        "Besvarade indikatorer",
    ]
    assert [row[0] for row in rows[1:]] == ["Lilla", "Stora"]
    assert rows[2][4] == "Inskickat" and rows[2][8]


def test_the_list_as_excel_keeps_a_name_that_looks_like_a_formula_as_text(
    client_of, alice, invited
):
    Invitation.objects.filter(municipality=invited["Lilla"]).update(recipient_name="=1+1")
    reply = client_of(alice).get(STATUS + "kommuner.xlsx", {"sort": "name"})

    sheet = load_workbook(io.BytesIO(reply.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Kommun"
    lilla = next(row for row in rows if row[0] == "Lilla")
    assert lilla[9] == "=1+1"
    assert sheet["J2"].data_type == "s"
    mellan = next(row for row in rows if row[0] == "Mellan")
    assert (mellan[5], mellan[6]) == (3, 19)


# ---------------------------------------------------------------- confirmation before mass e-mail


def test_send_invitations_asks_first_and_says_how_many_to_whom(
    client_of, alice, open_round, workers
):
    for code in ("9601", "9602", "9603"):
        ContactFactory(municipality=MunicipalityFactory(code=code))
    staff = client_of(alice)

    page = text(staff.get("/omgangar/2026/inbjudningar/skicka/"))

    assert "<h1>3 inbjudningar till kommunchefer</h1>" in page
    assert "Ja, skicka inbjudningarna" in page
    assert not Invitation.objects.exists()
    with workers():
        staff.post("/omgangar/2026/inbjudningar/skicka/")
    assert Invitation.objects.filter(sent_at__isnull=False).count() == 3
    assert "Inga nya inbjudningar att skicka" in text(
        staff.get("/omgangar/2026/inbjudningar/skicka/")
    )


def test_reminders_ask_first_and_say_how_many_to_whom(client_of, alice, invited, workers):
    staff = client_of(alice)

    not_started = text(staff.get("/omgangar/2026/inbjudningar/paminn-ej-paborjade/"))
    drafts = text(staff.get("/omgangar/2026/inbjudningar/paminn-utkast/"))

    assert "<h1>2 påminnelser till kommuner som inte börjat</h1>" in not_started
    assert "<h1>1 påminnelse till kommuner med ett utkast</h1>" in drafts
    assert mail.outbox == []
    with workers():
        staff.post("/omgangar/2026/inbjudningar/paminn-ej-paborjade/")
    assert len(mail.outbox) == 2


def test_the_confirmation_of_a_closed_round_sends_nothing(client_of, alice, questionnaire):
    SurveyRoundFactory(current=True, status=RoundStatus.CLOSED, questionnaire=questionnaire)
    page = text(client_of(alice).get("/omgangar/2026/inbjudningar/skicka/"))
    assert "Omgång 2026 är inte öppen; inga utskick görs." in page
    assert "Ja, skicka" not in page


def test_the_reminder_confirmation_returns_only_to_this_site(client_of, alice, invited):
    page = text(
        client_of(alice).get(
            "/omgangar/2026/inbjudningar/paminn-utkast/", {"next": "https://evil.example/"}
        )
    )
    assert 'value="https://evil.example/"' not in page
    assert 'href="https://evil.example/"' not in page
    assert 'href="/omgangar/2026/inbjudningar/"' in page


# ---------------------------------------------------------------- one round open at a time


def test_create_and_open_pages_name_the_round_that_is_open(client_of, alice, questionnaire):
    SurveyRoundFactory(
        current=True, year=2025, status=RoundStatus.OPEN, questionnaire=questionnaire
    )
    SurveyRoundFactory(
        current=True, year=2026, status=RoundStatus.DRAFT, questionnaire=questionnaire
    )
    staff = client_of(alice)

    for url in ("/omgangar/ny/", "/omgangar/2026/"):
        page = text(staff.get(url))
        assert "Omgång 2025 är öppen för svar." in page, url
        assert 'href="/omgangar/2025/"' in page, url
    assert 'action="/omgangar/2026/oppna/"' not in text(staff.get("/omgangar/2026/"))
    assert "är öppen för svar. Bara en" not in text(staff.get("/omgangar/2025/"))


def test_opening_anyway_is_refused_naming_the_open_round(client_of, alice, questionnaire):
    """A page loaded before the other round opened still has its button: the refusal says
    which round is open, and nothing changes."""
    SurveyRoundFactory(
        current=True, year=2025, status=RoundStatus.OPEN, questionnaire=questionnaire
    )
    planned = SurveyRoundFactory(
        current=True, year=2026, status=RoundStatus.DRAFT, questionnaire=questionnaire
    )

    reply = client_of(alice).post("/omgangar/2026/oppna/", follow=True)

    assert "Omgång 2025 är redan öppen. Stäng den först." in text(reply)
    planned.refresh_from_db()
    assert planned.status == RoundStatus.DRAFT


def test_the_home_page_and_the_list_read_the_same_number_of_queries_for_many(
    client_of, alice, invited, open_round
):
    staff = client_of(alice)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff.get(url).status_code == 200
        return len(captured)

    few = {url: queries(url) for url in ("/", STATUS, STATUS + "kommuner.csv")}
    for number in range(60):
        ContactFactory(municipality=MunicipalityFactory(code=f"{7000 + number}"))
    invitations_create(survey_round=open_round)

    assert {url: queries(url) for url in few} == few
