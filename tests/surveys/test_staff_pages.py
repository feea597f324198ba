import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from surveys.models import (
    Invitation,
    MailKind,
    Response,
    ResponseStatus,
    RoundStatus,
    SurveyRound,
)
from surveys.services import AnswerInput, Editor, answers_save, response_start, response_submit
from surveys.services.invitations import invitations_create
from tests.factories import (
    ContactFactory,
    CountyFactory,
    MunicipalityFactory,
    SurveyRoundFactory,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------- access

PAGES = [
    ("get", "/omgangar/"),
    ("get", "/omgangar/ny/"),
    ("post", "/omgangar/ny/"),
    ("get", "/omgangar/2026/"),
    ("post", "/omgangar/2026/oppna/"),
    ("post", "/omgangar/2026/stang/"),
    ("post", "/omgangar/2026/oppna-igen/"),
    ("post", "/omgangar/2026/publicera/"),
    ("get", "/omgangar/2026/inbjudningar/"),
    ("post", "/omgangar/2026/inbjudningar/skicka/"),
    ("post", "/omgangar/2026/inbjudningar/{invitation}/skicka-igen/"),
    ("post", "/omgangar/2026/inbjudningar/paminn-ej-paborjade/"),
    ("post", "/omgangar/2026/inbjudningar/paminn-utkast/"),
    ("get", "/omgangar/2026/kommuner/9001/"),
]


@pytest.fixture
def invitation(open_round, municipality):
    ContactFactory(municipality=municipality)
    invitations_create(survey_round=open_round)
    return Invitation.objects.get()


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_anonymous_visitors_are_sent_to_log_in(method, url, invitation):
    url = url.format(invitation=invitation.pk)

    response = getattr(Client(), method)(url)

    assert response.status_code == 302
    assert response.url.startswith("/konto/logga-in/?next=")


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_municipal_users_are_refused(method, url, invitation, bob, client_of):
    url = url.format(invitation=invitation.pk)
    before = SurveyRound.objects.values().get()

    response = getattr(client_of(bob), method)(url)

    assert response.status_code == 403
    assert SurveyRound.objects.values().get() == before
    assert Invitation.objects.get().pending_mail == ""


def test_unknown_round_and_municipality_give_404(client_of, alice, open_round):
    staff = client_of(alice)
    assert staff.get("/omgangar/1999/").status_code == 404
    assert staff.get("/omgangar/1999/inbjudningar/").status_code == 404
    assert staff.get("/omgangar/2026/kommuner/0000/").status_code == 404
    assert staff.post("/omgangar/2026/inbjudningar/424242/skicka-igen/").status_code == 404


def test_state_actions_take_only_post(client_of, alice, open_round):
    assert client_of(alice).get("/omgangar/2026/stang/").status_code == 405
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.OPEN


# ---------------------------------------------------------------- list and create


def test_the_list_shows_each_round_with_its_participation(client_of, alice, questionnaire):
    earlier = SurveyRoundFactory(
        current=True, year=2025, status=RoundStatus.CLOSED, questionnaire=questionnaire
    )
    for code in ("9101", "9102", "9103"):
        municipality = MunicipalityFactory(code=code)
        ContactFactory(municipality=municipality)
    invitations_create(survey_round=earlier)
    Response.objects.create(
        round=earlier,
        municipality=Invitation.objects.first().municipality,
        status=ResponseStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    SurveyRoundFactory(
        current=True, status=RoundStatus.DRAFT, year=2026, questionnaire=questionnaire
    )

    page = text(client_of(alice).get("/omgangar/"))

    assert page.index(">2026<") < page.index(">2025<")
    assert "Stängd" in page and "Planerad" in page
    assert "1 / 3" in page
    # The questionnaire by its title, not its key ("e-forvaltning 2007").
    assert (
        "E-förvaltningsmätningen – kommunernas utveckling mot en modern förvaltning (2007)" in page
    )
    assert "e-forvaltning 2007" not in page


def test_the_new_round_form_suggests_next_year_and_the_latest_round(
    client_of, alice, questionnaire
):
    latest = SurveyRoundFactory(
        current=True, year=2025, status=RoundStatus.CLOSED, questionnaire=questionnaire
    )

    page = text(client_of(alice).get("/omgangar/ny/"))

    assert 'name="year" value="2026"' in page
    assert f'<option value="{latest.pk}" selected>2025</option>' in page
    assert f'value="{timezone.localdate().isoformat()}"' in page
    assert 'for="id_opens_on" class="form-label' in page


def test_staff_create_a_round_from_the_form(client_of, alice, questionnaire):
    earlier = SurveyRoundFactory(
        current=True, year=2025, status=RoundStatus.CLOSED, questionnaire=questionnaire
    )

    response = client_of(alice).post(
        "/omgangar/ny/",
        {
            "year": "2026",
            "questionnaire": questionnaire.pk,
            "opens_on": "2026-03-01",
            "closes_on": "2026-04-30",
            "previous_round": "",
        },
        follow=True,
    )

    survey_round = SurveyRound.objects.get(year=2026)
    assert survey_round.status == RoundStatus.DRAFT
    assert survey_round.previous_round == earlier
    assert response.redirect_chain[-1][0] == "/omgangar/2026/"
    assert "Omgång 2026 är skapad." in text(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"closes_on": "2026-02-01"}, "Omgången kan inte stänga innan den öppnar."),
        ({"year": "2025"}, "Det finns redan en omgång för 2025."),
        ({"year": "1850"}, "Kontrollera att detta värde är större än eller lika med 2000."),
        ({"opens_on": "första mars"}, "Fyll i ett giltigt datum."),
    ],
)
def test_a_bad_round_is_explained_in_swedish_and_not_created(
    client_of, alice, questionnaire, data, message
):
    SurveyRoundFactory(
        current=True, year=2025, status=RoundStatus.CLOSED, questionnaire=questionnaire
    )
    form = {
        "year": "2026",
        "questionnaire": questionnaire.pk,
        "opens_on": "2026-03-01",
        "closes_on": "2026-04-30",
    }

    response = client_of(alice).post("/omgangar/ny/", form | data)

    assert response.status_code == 200
    assert message in text(response)
    assert "<title>Fel: Ny omgång" in text(response)
    assert SurveyRound.objects.count() == 1


# ---------------------------------------------------------------- round page and states

BUTTONS = {
    "open": "/omgangar/2026/oppna/",
    "close": "/omgangar/2026/stang/",
    "reopen": "/omgangar/2026/oppna-igen/",
    "publish": "/omgangar/2026/publicera/",
}


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (RoundStatus.DRAFT, {"open"}),
        (RoundStatus.OPEN, {"close"}),
        (RoundStatus.CLOSED, {"reopen", "publish"}),
        (RoundStatus.PUBLISHED, set()),
    ],
)
def test_the_round_page_offers_only_the_valid_actions(
    client_of, alice, questionnaire, status, shown
):
    SurveyRoundFactory(current=True, status=status, questionnaire=questionnaire)

    page = text(client_of(alice).get("/omgangar/2026/"))

    offered = {
        action
        for action, url in BUTTONS.items()
        if f'action="{url}"' in page or f'href="{url}"' in page
    }
    assert offered == shown


def test_send_invitations_is_offered_only_while_open(client_of, alice, questionnaire):
    survey_round = SurveyRoundFactory(
        current=True, status=RoundStatus.DRAFT, questionnaire=questionnaire
    )
    staff = client_of(alice)
    assert "/inbjudningar/skicka/" not in text(staff.get("/omgangar/2026/"))

    SurveyRound.objects.filter(pk=survey_round.pk).update(status=RoundStatus.OPEN)

    assert 'href="/omgangar/2026/inbjudningar/skicka/"' in text(staff.get("/omgangar/2026/"))


def test_closing_asks_for_confirmation_first(client_of, alice, open_round):
    page = text(client_of(alice).get("/omgangar/2026/"))

    assert "<summary" in page
    assert "Ja, stäng omgång 2026" in page


@pytest.mark.parametrize(
    ("status", "url", "after", "message"),
    [
        (RoundStatus.DRAFT, "oppna", RoundStatus.OPEN, "Omgång 2026 är öppen för svar."),
        (RoundStatus.OPEN, "stang", RoundStatus.CLOSED, "Omgång 2026 är stängd."),
        (RoundStatus.CLOSED, "oppna-igen", RoundStatus.OPEN, "Omgång 2026 är öppen igen."),
        (RoundStatus.CLOSED, "publicera", RoundStatus.PUBLISHED, "Omgång 2026 är publicerad."),
    ],
)
def test_staff_move_a_round_on(client_of, alice, questionnaire, status, url, after, message):
    SurveyRoundFactory(current=True, status=status, questionnaire=questionnaire)
    # Publishing is confirmed as final, and (nobody answered) despite the participation.
    confirmed = {"final": "on", "low_participation": "on"}

    page = text(client_of(alice).post(f"/omgangar/2026/{url}/", confirmed, follow=True))

    assert message in page
    assert SurveyRound.objects.get().status == after


def test_a_refused_action_says_why_and_changes_nothing(client_of, alice, open_round):
    before = SurveyRound.objects.values().get()

    page = text(client_of(alice).post("/omgangar/2026/publicera/", follow=True))

    assert "Omgång 2026 kan bara publiceras när den är stängd (den är nu öppen)." in page
    assert SurveyRound.objects.values().get() == before


def test_the_round_page_summarises_participation(client_of, alice, open_round, municipality):
    ContactFactory(municipality=municipality)
    MunicipalityFactory(code="9003")
    invitations_create(survey_round=open_round)
    Invitation.objects.update(sent_at=timezone.now())

    page = text(client_of(alice).get("/omgangar/2026/"))

    assert "Inbjudan skickad: <strong>1</strong>" in page
    assert "Inte inbjuden: <strong>1</strong>" in page
    assert "1 kommun saknar kontaktperson och kan inte bjudas in." in page


# ---------------------------------------------------------------- status page


@pytest.fixture
def one_of_each(open_round):
    """A municipality at every status, and its code."""
    county = CountyFactory(code="03", name="Uppsala län")
    codes = {}
    for number, status in enumerate(
        ["not-invited", "queued", "sent", "failed", "opened", "draft", "submitted"]
    ):
        municipality = MunicipalityFactory(
            code=f"97{number:02d}", name=f"Kommun {status}", county=county
        )
        codes[status] = municipality.code
        if status != "not-invited":
            ContactFactory(municipality=municipality, email=f"{status}@kommun.example")
    invitations_create(survey_round=open_round)
    now = timezone.now()
    invitations = Invitation.objects.filter(round=open_round)
    invitations.filter(municipality__code=codes["queued"]).update(
        pending_mail=MailKind.INVITATION, queued_at=now
    )
    invitations.exclude(municipality__code=codes["queued"]).update(sent_at=now)
    invitations.filter(municipality__code=codes["failed"]).update(
        failed_at=now, failure_reason="SMTPRecipientsRefused: 550 okänd mottagare", send_attempts=5
    )
    invitations.filter(municipality__code__in=[codes["opened"], codes["draft"]]).update(
        opened_at=now
    )
    municipality = invitations.get(municipality__code=codes["draft"]).municipality
    Response.objects.create(round=open_round, municipality=municipality)
    municipality = invitations.get(municipality__code=codes["submitted"]).municipality
    Response.objects.create(
        round=open_round,
        municipality=municipality,
        status=ResponseStatus.SUBMITTED,
        submitted_at=now,
    )
    return codes


STATUS_LABELS = {
    "not-invited": "Inte inbjuden",
    "queued": "I kö för utskick",
    "sent": "Inbjudan skickad",
    "failed": "Utskicket misslyckades",
    "opened": "Länken öppnad",
    "draft": "Utkast",
    "submitted": "Inskickat",
}


@pytest.mark.parametrize("status", STATUS_LABELS)
def test_the_status_page_shows_each_municipalitys_status(client_of, alice, one_of_each, status):
    page = text(client_of(alice).get(f"/omgangar/2026/inbjudningar/?status={status}"))

    assert f"Kommun {status}<" in page
    assert f">{STATUS_LABELS[status]}</span>" in page
    others = set(STATUS_LABELS) - {status}
    assert not any(f"Kommun {other}<" in page for other in others)
    assert f"{STATUS_LABELS[status]}: <strong>1</strong>" in page
    assert "1 kommun visas" in page


def test_the_status_page_shows_why_a_send_failed_and_offers_resend(client_of, alice, one_of_each):
    page = text(client_of(alice).get("/omgangar/2026/inbjudningar/"))

    assert "SMTPRecipientsRefused: 550 okänd mottagare" in page
    assert "5 försök" in page
    resend = Invitation.objects.get(municipality__code=one_of_each["failed"]).pk
    assert f'action="/omgangar/2026/inbjudningar/{resend}/skicka-igen/"' in page
    submitted = Invitation.objects.get(municipality__code=one_of_each["submitted"]).pk
    assert f"/inbjudningar/{submitted}/skicka-igen/" not in page
    assert f'href="/kommuner/{one_of_each["not-invited"]}/kontakt/"' in page


def test_the_status_page_filters_by_county_and_search(client_of, alice, one_of_each):
    MunicipalityFactory(code="9999", name="Annat läns kommun")
    staff = client_of(alice)

    in_county = text(staff.get("/omgangar/2026/inbjudningar/?county=03"))
    searched = text(staff.get("/omgangar/2026/inbjudningar/?q=failed@kommun"))
    by_code = text(staff.get(f"/omgangar/2026/inbjudningar/?q={one_of_each['draft']}"))

    assert "7 kommuner visas" in in_county and "Annat läns kommun" not in in_county
    assert "1 kommun visas" in searched and "Kommun failed<" in searched
    assert "1 kommun visas" in by_code and "Kommun draft<" in by_code


def test_a_bad_filter_is_ignored_not_an_error(client_of, alice, one_of_each):
    response = client_of(alice).get("/omgangar/2026/inbjudningar/?status=hittepå&county=xx")

    assert response.status_code == 200
    assert "Välj ett giltigt alternativ." not in text(response)


def test_reminder_buttons_only_while_open(client_of, alice, one_of_each, open_round):
    staff = client_of(alice)
    assert "Påminn dem som inte börjat" in text(staff.get("/omgangar/2026/inbjudningar/"))

    SurveyRound.objects.filter(pk=open_round.pk).update(status=RoundStatus.CLOSED)

    page = text(staff.get("/omgangar/2026/inbjudningar/"))
    assert "Påminn dem som inte börjat" not in page
    assert "skicka-igen" not in page


def many_municipalities(survey_round, first: int, count: int) -> None:
    for number in range(first, first + count):
        municipality = MunicipalityFactory(code=f"{number}")
        ContactFactory(municipality=municipality)
    invitations_create(survey_round=survey_round)
    invitations = Invitation.objects.filter(sent_at__isnull=True)
    invitations.update(sent_at=timezone.now())
    for invitation in Invitation.objects.filter(municipality__code__lt=first + count // 2):
        Response.objects.get_or_create(round=survey_round, municipality=invitation.municipality)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_status_page_runs_a_fixed_number_of_queries(
    client_of, alice, open_round, django_assert_max_num_queries
):
    staff = client_of(alice)
    many_municipalities(open_round, 5000, 5)
    few = queries_for(staff, "/omgangar/2026/inbjudningar/")
    many_municipalities(open_round, 6000, 120)

    with django_assert_max_num_queries(12):
        staff.get("/omgangar/2026/inbjudningar/?county=&q=")
    assert queries_for(staff, "/omgangar/2026/inbjudningar/") == few
    assert queries_for(staff, "/omgangar/2026/") <= 12


# ---------------------------------------------------------------- one municipality's response


@pytest.fixture
def answered(open_round, municipality, bob):
    editor = Editor("Bob Berg", "bob@kommun-a.example", bob)
    response = response_start(
        survey_round=open_round,
        municipality=municipality,
        name="Bob Berg",
        email="bob@kommun-a.example",
        role="kommunchef",
    )
    codes = open_round.questionnaire.cornerstones.values_list("indicators__code", flat=True)
    answers = {code: AnswerInput(state="2") for code in codes}
    answers["SL1"] = AnswerInput(state="dk", comment="Ingen vet.")
    answers_save(response=response, editor=editor, answers=answers)
    response_submit(response=response)
    answers_save(
        response=response,
        editor=Editor("Eva Ek", "eva@kommun-a.example"),
        answers={"SL2": AnswerInput(state="3", change_reason="Ny e-tjänst", loaded_version=1)},
    )
    return response


def test_staff_read_a_municipalitys_answers_and_change_log(client_of, alice, answered):
    page = text(client_of(alice).get("/omgangar/2026/kommuner/9001/"))

    assert "Bob Berg" in page and "bob@kommun-a.example" in page
    assert "Kommunchef / kommundirektör" in page
    assert "Inskickat" in page
    assert "<strong>SL1</strong>" in page and "vet ej" in page and "Ingen vet." in page
    assert "Ny e-tjänst" in page
    log = page[page.index("Ändringslogg") :]
    assert "Eva Ek" in log and "2 → 3" in log
    assert "obesvarad → vet ej" in log
    assert log.count("<td>Ja</td>") == 1
    assert log.count("<td>Nej</td>") == 19
    assert "<form" not in page[page.index("<main") :]  # read only


def test_a_municipality_that_has_not_started(client_of, alice, open_round, municipality):
    page = text(client_of(alice).get("/omgangar/2026/kommuner/9001/"))

    assert "Kommunen har inte börjat svara i den här omgången." in page


def test_the_response_page_runs_a_fixed_number_of_queries(
    client_of, alice, answered, django_assert_max_num_queries
):
    staff = client_of(alice)

    with django_assert_max_num_queries(12):
        staff.get("/omgangar/2026/kommuner/9001/")


def test_the_response_page_lists_handed_over_invitations(
    client_of, alice, open_round, municipality
):
    ContactFactory(municipality=municipality, email="gammal@kommun-a.example")
    invitations_create(survey_round=open_round)
    Invitation.objects.update(revoked_at=timezone.now() - datetime.timedelta(hours=1))
    ContactFactory._meta.model.objects.update(email="ny@kommun-a.example")
    invitations_create(survey_round=open_round)

    page = text(client_of(alice).get("/omgangar/2026/kommuner/9001/"))

    assert page.index("ny@kommun-a.example") < page.index("gammal@kommun-a.example")
    assert "lämnades över" in page


# ---------------------------------------------------------------- publishing


def _submitted(survey_round, municipalities):
    for municipality in municipalities:
        Response.objects.create(
            round=survey_round,
            municipality=municipality,
            respondent_name="Svarande",
            respondent_email=f"chef@{municipality.code}.example",
            status=ResponseStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )


def test_publishing_says_it_is_final_and_states_the_participation(client_of, alice, questionnaire):
    survey_round = SurveyRoundFactory(
        current=True, status=RoundStatus.CLOSED, questionnaire=questionnaire
    )
    municipalities = [MunicipalityFactory(code=f"{9100 + i}") for i in range(4)]
    _submitted(survey_round, municipalities[:1])

    page = text(client_of(alice).get("/omgangar/2026/publicera/"))

    assert "Publiceringen är slutgiltig." in page
    assert "Deltagande: 1 av 4 kommuner, 25,0 %." in page
    assert "Bara 1 av 4 kommuner, 25,0 % har svarat, under gränsen 50 %." in page


def test_low_participation_needs_its_own_confirmation(client_of, alice, questionnaire):
    survey_round = SurveyRoundFactory(
        current=True, status=RoundStatus.CLOSED, questionnaire=questionnaire
    )
    _submitted(survey_round, [MunicipalityFactory(code=f"{9100 + i}") for i in range(4)][:1])
    staff = client_of(alice)

    page = text(staff.post("/omgangar/2026/publicera/", {"final": "on"}))

    assert "Bekräfta att omgången ska publiceras fast bara 1 av 4 kommuner, 25,0 % har" in page
    survey_round.refresh_from_db()
    assert survey_round.status == RoundStatus.CLOSED

    staff.post("/omgangar/2026/publicera/", {"final": "on", "low_participation": "on"})
    survey_round.refresh_from_db()
    assert survey_round.status == RoundStatus.PUBLISHED


def test_enough_participation_needs_only_the_final_confirmation(client_of, alice, questionnaire):
    survey_round = SurveyRoundFactory(
        current=True, status=RoundStatus.CLOSED, questionnaire=questionnaire
    )
    municipalities = [MunicipalityFactory(code=f"{9100 + i}") for i in range(4)]
    _submitted(survey_round, municipalities[:2])
    staff = client_of(alice)

    page = text(staff.get("/omgangar/2026/publicera/"))
    assert "under gränsen" not in page
    assert "Bekräfta att du förstår att publiceringen är slutgiltig." in text(
        staff.post("/omgangar/2026/publicera/", {})
    )
    survey_round.refresh_from_db()
    assert survey_round.status == RoundStatus.CLOSED

    page = text(staff.post("/omgangar/2026/publicera/", {"final": "on"}, follow=True))

    assert "Omgång 2026 är publicerad." in page
    survey_round.refresh_from_db()
    assert survey_round.status == RoundStatus.PUBLISHED
