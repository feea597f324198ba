"""The municipality's dashboard on a small case computed by hand.

Three municipalities answer 2025; A (bob's, 9001) and B (charlie's, 9002) also 2024.
A 2025: SL = (4+2)/2 = 3, SI = 4, FK = 2, IT = 1 (IT2 "vet ej" left out); total 2,5.
B 2025: SL 1, SI 2, FK 2, IT 3; total 2,0.  C 2025: SL 4, SI 4, FK 3, IT 3; total 3,5.
Nation 2025: total (2,5 + 2,0 + 3,5) / 3 = 2,67, n = 3; A is 2nd of 3, above 1 of the
2 others (50 %). A 2024: every cornerstone 2, total 2,0. A and C share a size band
(n = 2), each has its own county (n = 1), all three are SKR group B4 (n = 3). With the
threshold at 3, the size band and county are hidden from municipal users.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from surveys.models import Response
from surveys.services.invitations import invitation_token
from tests.factories import InvitationFactory, SurveyRoundFactory
from tests.reports.helpers import dashboard_url, submit

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page as a reader sees it: tags dropped, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_member_sees_own_scores_against_the_nation_and_last_round(rounds, bob, client_of):
    response = client_of(bob).get(dashboard_url())

    assert response.status_code == 200
    page = text_of(response)
    assert "Resultat för Testkommun A 2025" in page
    assert "Ert totalvärde 2,5" in page
    assert "Riket 2025 2,7 n = 3 kommuner" in page
    assert "plats 2 av 3" in page
    assert "Högre totalvärde än 50 % av de övriga kommunerna" in page
    assert "Er kommun 2024 2,0 Förändring: +0,5" in page
    # The cornerstones' table: this round, last round, change, nation with n, rank.
    assert "Samverkan och IT-ekonomi 4,0 2,0 +2,0 3,3 (n = 3) 1 av 3" in page
    assert "E-förvaltning totalt 2,5 2,0 +0,5 2,7 (n = 3) 2 av 3" in page


def test_indicators_show_dont_know_and_unanswered_as_such(rounds, bob, client_of):
    page = text_of(client_of(bob).get(dashboard_url()))

    assert "IT2 I vilken omfattning" in page
    assert re.search(r"IT2 [^<]*? vet ej – –", page)  # no value; nobody gave one
    assert re.search(r"SL1 [^<]*? 4 2 3,0 \(n = 3\)", page)
    assert re.search(r"SL3 [^<]*? ej besvarad – –", page)


def test_peer_groups_below_the_threshold_show_nothing_to_members(rounds, bob, client_of):
    page = text_of(client_of(bob).get(dashboard_url()))

    # Fewer than 3 responses: never released, so not even their n is shown.
    assert "Samma storleksklass: 20 000–49 999 invånare inte släppt ännu" in page
    assert re.search(r"Samma län: Testlän \d+ inte släppt ännu", page)
    assert "Samma kommungrupp: B4 Pendlingskommun nära större stad 2,7 (n = 3)" in page
    assert "3,0 (n = 2" not in page  # the size band's total, (2,5 + 3,5) / 2


def test_staff_see_small_groups_marked_as_small(rounds, alice, client_of):
    page = text_of(client_of(alice).get(dashboard_url()))

    assert "Samma storleksklass: 20 000–49 999 invånare" in page
    assert "3,0 (n = 2, liten grupp)" in page
    assert "dold (n = 2)" not in page


def test_distribution_has_no_names_and_marks_own_place(rounds, bob, client_of):
    response = client_of(bob).get(dashboard_url())
    page = text_of(response)

    assert "Er kommun, 2,5, har plats 2 av 3." in page
    assert "3 kommuner har svarat; medianen är 2,5." in page
    assert "2,0–2,4 1 2,5–2,9 1 (er kommun här) 3,0–3,4 0 3,5–4,0 1" in page
    assert "Testkommun B" not in response.content.decode()
    assert "Testkommun C" not in response.content.decode()


def test_observations_in_plain_swedish(rounds, bob, client_of):
    page = text_of(client_of(bob).get(dashboard_url()))

    assert "Ert totalvärde, 2,5, är 0,2 under riksgenomsnittet (2,7, n = 3)." in page
    assert (
        "Starkast är Samverkan och IT-ekonomi (4,0) och svagast "
        "IT-plattform, hård och mjuk infrastruktur (1,0)." in page
    )
    assert "Sedan 2024 har ert totalvärde ökat från 2,0 till 2,5." in page
    assert "Bland indikatorerna har SL1 ökat mest, från 2 till 4." in page
    assert (
        "Störst skillnad mot liknande kommuner finns i hörnstenen IT-plattform, hård och mjuk "
        "infrastruktur: ni ligger 1,3 under snittet för kommunerna i samma kommungrupp, "
        "B4 Pendlingskommun nära större stad (2,3, n = 3)." in page
    )


def test_trend_lists_every_round_with_the_nation(rounds, bob, client_of):
    page = text_of(client_of(bob).get(dashboard_url()))

    assert "2024 2,0 2,0 2,0 2,0 2,0" in page
    assert "2025 3,0 4,0 2,0 1,0 2,5 2,7 (n = 3)" in page
    assert "publicerade siffror" not in page  # nothing loaded yet


def test_trend_shows_published_reference_figures_labelled(rounds, bob, client_of):
    call_command("load_reference", stdout=io.StringIO())

    page = text_of(client_of(bob).get(dashboard_url()))

    assert "2006 (publicerade siffror, SKL) – – – – – 2,3 (n = 153)" in page
    assert "2007 (publicerade siffror, SKL) – – – – – 2,4 (n = 147)" in page


def test_the_previous_rounds_page_is_as_of_that_round(rounds, bob, client_of):
    page = text_of(client_of(bob).get(dashboard_url(year=2024)))

    assert "Ert totalvärde 2,0" in page
    assert "2025" not in page.split("Utveckling per omgång")[1]


def test_staff_see_any_municipality(rounds, alice, client_of):
    assert client_of(alice).get(dashboard_url(code="9003")).status_code == 200


def _enter_by_invitation(client, survey_round, municipality):
    invitation = InvitationFactory(
        round=survey_round,
        municipality=municipality,
        recipient_name="Karin",
        recipient_email="karin@kommun.example",
        nonce="a" * 64,
    )
    client.get(reverse("invitation_enter", kwargs={"token": invitation_token(invitation)}))
    return client


def test_the_invitation_holder_sees_that_rounds_dashboard_only(rounds, municipality, client):
    _, current = rounds
    visitor = _enter_by_invitation(client, current, municipality)

    assert visitor.get(dashboard_url()).status_code == 200
    assert visitor.get(dashboard_url(code="9002")).status_code == 404
    assert visitor.get(dashboard_url(year=2024)).status_code == 404


UNKNOWN = ["2025/9999", "99999/9001", "1999/9001", "2030/9001", "2025/x%27%3B--", "2025/9001x"]


@pytest.mark.parametrize("path", [f"/resultat/{unknown}/" for unknown in UNKNOWN])
def test_unknown_rounds_and_municipalities_are_404(rounds, alice, client_of, path):
    assert client_of(alice).get(path).status_code == 404


def test_a_municipality_that_has_not_submitted_is_told_when_results_appear(
    municipality, bob, client_of
):
    survey_round = SurveyRoundFactory(year=2025)
    submit(survey_round, municipality, {"SL1": 3}, submitted=False)

    response = client_of(bob).get(dashboard_url())

    page = text_of(response)
    assert response.status_code == 200
    assert "visas här när kommunens svar för 2025 har skickats in" in page
    assert (
        reverse("answer_start", kwargs={"year": 2025, "code": "9001"}) in response.content.decode()
    )
    assert client_of(bob).get(dashboard_url(name="dashboard_pdf")).status_code == 302


def test_staff_get_no_answer_link_and_closed_rounds_say_so(municipality, alice, client_of):
    SurveyRoundFactory(year=2025, status="closed")

    response = client_of(alice).get(dashboard_url())

    assert "Omgången tar inte emot svar." in text_of(response)
    assert "/svar/" not in response.content.decode()


def test_a_submission_not_yet_computed_says_so(municipality, bob, client_of):
    survey_round = SurveyRoundFactory(year=2025)
    submit(survey_round, municipality, {"SL1": 3})

    response = client_of(bob).get(dashboard_url())

    assert response.status_code == 200
    assert "Resultaten beräknas. Ladda om sidan om en liten stund." in text_of(response)
    assert client_of(bob).get(dashboard_url(name="dashboard_excel")).status_code == 302


def test_an_answer_changed_after_the_computation_says_so_and_keeps_the_figures(
    rounds, municipality, bob, client_of
):
    _, current = rounds
    Response.objects.filter(round=current, municipality=municipality).update(
        updated_at=current.snapshots.get(kind="computed").source_updated_at.replace(year=2099)
    )

    page = text_of(client_of(bob).get(dashboard_url()))

    assert "Resultaten beräknas. Ladda om sidan om en liten stund." in page
    assert "Ert totalvärde 2,5" in page
