import datetime
import re
import zlib

import pytest
from django.utils import timezone

from surveys.models import (
    Answer,
    Indicator,
    Invitation,
    Response,
    ResponseStatus,
    RoundStatus,
    SurveyRound,
)
from surveys.services.invitations import invitation_token, invitations_create
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

URL = "/svar/2025/9001/pdf/"


def pdf_text(pdf: bytes) -> str:
    """The text a reader of a WeasyPrint PDF sees, on one line: every glyph mapped back to
    its characters through the fonts' ToUnicode tables (one font family, one glyph order)."""
    streams = []
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            streams.append(zlib.decompress(raw))
        except zlib.error:
            continue
    glyphs = {
        glyph.decode(): bytes.fromhex(text.decode()).decode("utf-16-be")
        for stream in streams
        for glyph, text in re.findall(rb"<([0-9a-f]{4})> <([0-9a-f]+)>", stream)
    }
    lines = []
    for stream in streams:
        for array in re.findall(rb"\[(.*?)\] TJ", stream, re.S):
            codes = b"".join(re.findall(rb"<([0-9a-f]+)>", array)).decode()
            lines.append("".join(glyphs[codes[i : i + 4]] for i in range(0, len(codes), 4)))
    return " ".join(" ".join(lines).split())


@pytest.fixture
def survey_round(questionnaire, municipality):
    previous = SurveyRound.objects.create(
        year=2024,
        questionnaire=questionnaire,
        status=RoundStatus.PUBLISHED,
        opens_on=datetime.date(2024, 3, 1),
        closes_on=datetime.date(2024, 4, 30),
    )
    last_year = Response.objects.create(
        round=previous,
        municipality=municipality,
        status=ResponseStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    Answer.objects.create(response=last_year, indicator=Indicator.objects.get(code="SL1"), value=2)
    return SurveyRound.objects.create(
        year=2025,
        questionnaire=questionnaire,
        status=RoundStatus.OPEN,
        opens_on=datetime.date(2025, 3, 1),
        closes_on=datetime.date(2025, 4, 30),
        previous_round=previous,
    )


@pytest.fixture
def submitted(survey_round, municipality):
    response = Response.objects.create(
        round=survey_round,
        municipality=municipality,
        status=ResponseStatus.SUBMITTED,
        submitted_at=timezone.make_aware(datetime.datetime(2025, 3, 14, 10)),
        respondent_name="Åsa Öberg",
        respondent_email="asa.oberg@kommun-a.example",
        respondent_role="it-chef",
    )
    for indicator in Indicator.objects.filter(
        cornerstone__questionnaire=survey_round.questionnaire
    ):
        Answer.objects.create(response=response, indicator=indicator, value=None)
    Answer.objects.filter(response=response, indicator__code="SL1").update(
        value=3,
        comment="Strategin antogs av fullmäktige i januari.",
        change_reason="Ny e-strategi sedan förra året.",
    )
    return response


def test_the_member_downloads_the_answers_as_a_pdf(bob, client_of, submitted):
    response = client_of(bob).get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="e-mognad-2025-9001.pdf"'
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert text.startswith("E-mognad 2025 – Testkommun A")
    for expected in [
        "Svarande Åsa Öberg Roll IT-chef E-post asa.oberg@kommun-a.example",
        "Status Inskickat 14 mars 2025",
        "1. Styrning och ledning",
        "SL1 I vilken omfattning finns e-strategier nedtecknade?",
        "Svar 3 – I stor omfattning Förra året 2 Skäl",
        "Skäl till ändringen Ny e-strategi sedan förra året.",
        "Kommentar Strategin antogs av fullmäktige i januari.",
        "4. IT-plattform, hård och mjuk infrastruktur",
        "IT4 I vilken omfattning",
        "Sida 1 av",
        "Utskrivet",
    ]:
        assert expected in text
    assert text.count("Svar Vet ej") == 18
    assert "Obesvarad" not in text


def test_the_invitation_holder_downloads_the_answers(client, submitted, survey_round):
    ContactFactory(municipality=submitted.municipality)
    invitations_create(survey_round=survey_round)
    client.get(f"/inbjudan/{invitation_token(Invitation.objects.get())}/")

    response = client.get(URL)

    assert response.status_code == 200
    assert "Åsa Öberg" in pdf_text(response.content)


def test_national_staff_download_any_municipalitys_answers(alice, client_of, submitted):
    response = client_of(alice).get(URL)

    assert response.status_code == 200
    assert "Svar 3 – I stor omfattning" in pdf_text(response.content)


def test_a_response_not_started_renders_every_question_unanswered(bob, client_of, survey_round):
    response = client_of(bob).get(URL)

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Status Inte påbörjat" in text
    assert text.count("Svar Obesvarad") == 19
    assert "nedtecknade? Svar Obesvarad Förra året 2 SL2" in text


def test_a_draft_shows_what_is_answered_so_far(bob, client_of, survey_round, municipality):
    draft = Response.objects.create(round=survey_round, municipality=municipality)
    Answer.objects.create(response=draft, indicator=Indicator.objects.get(code="IT2"), value=4)

    text = pdf_text(client_of(bob).get(URL).content)

    assert "Status Utkast" in text
    assert "Svar 4 – Fullt ut" in text
    assert text.count("Svar Obesvarad") == 18


def test_the_pdf_is_built_in_a_bounded_number_of_queries(
    bob, client_of, submitted, django_assert_max_num_queries
):
    client = client_of(bob)
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200


def test_a_revoked_invitation_no_longer_opens_the_pdf(client, submitted, survey_round):
    ContactFactory(municipality=submitted.municipality)
    invitations_create(survey_round=survey_round)
    invitation = Invitation.objects.get()
    client.get(f"/inbjudan/{invitation_token(invitation)}/")
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())

    assert client.get(URL).status_code == 404


@pytest.mark.parametrize("url", ["/svar/2031/9001/pdf/", "/svar/2025/0000/pdf/"])
def test_unknown_rounds_and_municipalities_are_404_even_for_staff(alice, client_of, submitted, url):
    assert client_of(alice).get(url).status_code == 404


def test_only_get_is_allowed(bob, client_of, submitted):
    assert client_of(bob).post(URL).status_code == 405
