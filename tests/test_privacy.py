import json
import logging

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from municipalities.models import Contact, Membership
from privacy.selectors import person_data
from privacy.services import ERASED_NAME, person_erase
from surveys.models import Answer, AnswerChange, AnswerState, Indicator, Invitation, Response
from tests.factories import (
    PASSWORD,
    ContactFactory,
    MembershipFactory,
    SurveyRoundFactory,
    UserFactory,
)
from tests.reports.helpers import submit

EMAIL = "karin@kommun.example"


@pytest.fixture
def karin(municipality, other_municipality, bob):
    """Karin is everywhere: contact, user, respondent two years, invitee, in the change log."""
    user = UserFactory(
        email="Karin@Kommun.example", username="karin", first_name="Karin", last_name="Kask"
    )
    MembershipFactory(user=user, municipality=municipality)
    ContactFactory(municipality=municipality, name="Karin Kask", email="KARIN@kommun.example")
    ContactFactory(municipality=other_municipality, name="Other Person", email="o@kommun.example")
    previous = SurveyRoundFactory(year=2024)
    current = SurveyRoundFactory(year=2025, previous_round=previous)
    old = submit(previous, municipality, {"SL1": 2}, email="karin@KOMMUN.example")
    new = submit(current, municipality, {"SL1": 3, "SL2": None}, email=EMAIL)
    Response.objects.filter(pk__in=[old.pk, new.pk]).update(respondent_name="Karin Kask")
    Invitation.objects.create(
        round=current,
        municipality=municipality,
        recipient_name="Karin Kask",
        recipient_email=EMAIL,
        nonce="k" * 64,
        token_hash="h" * 64,
    )
    indicator = Indicator.objects.get(code="SL1", cornerstone__questionnaire=current.questionnaire)
    for by_email, by_user in [(EMAIL, user), ("", user), ("bob@kommun-a.example", bob)]:
        AnswerChange.objects.create(
            response=new,
            indicator=indicator,
            old_state=AnswerState.TWO,
            new_state=AnswerState.THREE,
            changed_by_name="Karin Kask" if by_user == user else "Bob Berg",
            changed_by_email=by_email,
            changed_by_user=by_user,
        )
    return user


def _search(client, email, action="search", **extra):
    return client.post(reverse("personal_data"), {"email": email, "action": action, **extra})


def test_the_privacy_page_is_public_and_swedish(client):
    response = client.get(reverse("privacy"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Integritet och personuppgifter</h1>" in body
    assert "Vem ser uppgifterna" in body
    assert "Andra kommuner ser aldrig" in body
    assert "samma person svarade båda åren" in body


def test_the_footer_links_to_the_privacy_page(client, db):  # the home page lists reports
    assert f'href="{reverse("privacy")}"' in client.get(reverse("home")).content.decode()


def test_person_data_finds_every_kind_of_record_case_insensitively(karin):
    data = person_data(email="KARIN@kommun.EXAMPLE")

    assert [c["name"] for c in data["contacts"]] == ["Karin Kask"]
    assert [u["username"] for u in data["users"]] == ["karin"]
    assert [m["municipality"] for m in data["memberships"]] == ["9001"]
    assert [r["round"] for r in data["responses"]] == [2024, 2025]
    assert [i["round"] for i in data["invitations"]] == [2025]
    assert len(data["answer_changes"]) == 2


def test_staff_search_lists_counts(karin, alice, client_of):
    response = _search(client_of(alice), "Karin@kommun.example")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Kontaktpersoner: 1" in body
    assert "Användarkonton: 1" in body
    assert "Svar: 2" in body
    assert "Inbjudningar: 1" in body
    assert "Poster i ändringsloggen: 2" in body


def test_staff_search_for_an_unknown_address_says_so(alice, client_of):
    response = _search(client_of(alice), "ingen@example.se")

    assert "Ingenting hittades för den e-postadressen." in response.content.decode()


def test_export_is_a_json_attachment_with_everything(karin, alice, client_of):
    response = _search(client_of(alice), EMAIL, action="export")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert EMAIL not in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["contacts"][0]["email"] == "KARIN@kommun.example"
    assert data["users"][0]["first_name"] == "Karin"
    assert len(data["responses"]) == 2
    assert len(data["invitations"]) == 1
    assert len(data["answer_changes"]) == 2


def test_erase_without_confirmation_only_asks(karin, alice, client_of):
    response = _search(client_of(alice), EMAIL, action="erase")

    assert response.status_code == 200
    assert "Bekräfta radering" in response.content.decode()
    assert Contact.objects.filter(email__iexact=EMAIL).count() == 1
    karin.refresh_from_db()
    assert karin.is_active


def test_erase_pseudonymises_everywhere_and_keeps_the_audit_trail(karin, alice, client_of, caplog):
    answers_before = list(Answer.objects.values_list("pk", "value").order_by("pk"))
    changes_before = AnswerChange.objects.count()

    with caplog.at_level(logging.WARNING, logger="emognad.privacy"):
        response = _search(client_of(alice), EMAIL, action="erase", confirm="on")

    assert response.status_code == 302
    assert person_data(email=EMAIL)["responses"] == []
    placeholders = (
        set(Contact.objects.filter(name=ERASED_NAME).values_list("email", flat=True))
        | set(Response.objects.values_list("respondent_email", flat=True))
        | set(Invitation.objects.values_list("recipient_email", flat=True))
        | set(
            AnswerChange.objects.filter(changed_by_user=karin).values_list(
                "changed_by_email", flat=True
            )
        )
    )
    assert len(placeholders) == 1
    placeholder = placeholders.pop()
    assert placeholder.startswith("raderad-") and placeholder.endswith("@raderad.invalid")
    assert set(Response.objects.values_list("respondent_name", flat=True)) == {ERASED_NAME}
    assert set(Invitation.objects.values_list("recipient_name", flat=True)) == {ERASED_NAME}
    assert Contact.objects.get(email="o@kommun.example").name == "Other Person"
    assert AnswerChange.objects.count() == changes_before
    assert AnswerChange.objects.filter(changed_by_name="Bob Berg").count() == 1
    assert AnswerChange.objects.filter(changed_by_name=ERASED_NAME).count() == 2
    assert list(Answer.objects.values_list("pk", "value").order_by("pk")) == answers_before
    assert "raderad" in caplog.text and "alice@skr.example" in caplog.text
    assert EMAIL not in caplog.text.lower()


def test_erase_closes_the_users_account(karin, alice, client_of, client):
    _search(client_of(alice), EMAIL, action="erase", confirm="on")
    client.logout()

    karin.refresh_from_db()
    assert not karin.is_active
    assert not karin.has_usable_password()
    assert (karin.first_name, karin.last_name) == ("", "")
    assert karin.email == karin.username
    assert karin.email.endswith("@raderad.invalid")
    assert not Membership.objects.filter(user=karin).exists()
    assert not client.login(username="karin", password=PASSWORD)
    assert not client.login(username=karin.username, password=PASSWORD)
    assert get_user_model().objects.filter(email__iexact=EMAIL).count() == 0


def test_erasing_twice_or_an_unknown_address_is_harmless(karin, alice, client_of):
    assert person_erase(email=EMAIL, erased_by=alice) > 0
    snapshot = list(Response.objects.values_list("respondent_email", flat=True))

    assert person_erase(email=EMAIL, erased_by=alice) == 0
    assert person_erase(email=snapshot[0], erased_by=alice) == 0
    assert list(Response.objects.values_list("respondent_email", flat=True)) == snapshot

    response = _search(client_of(alice), "ingen@example.se", action="erase", confirm="on")
    assert response.status_code == 302
    follow = client_of(alice).get(response["Location"])
    assert "Det fanns inga personuppgifter att radera" in follow.content.decode()


def test_the_same_respondent_panel_survives_erasure(karin, alice):
    person_erase(email=EMAIL, erased_by=alice)

    assert len(set(Response.objects.values_list("respondent_email", flat=True))) == 1


def test_members_get_403_on_the_staff_page(karin, bob, client_of):
    client = client_of(bob)

    assert client.get(reverse("personal_data")).status_code == 403
    assert _search(client, EMAIL, action="export").status_code == 403
    assert _search(client, EMAIL, action="erase", confirm="on").status_code == 403
    karin.refresh_from_db()
    assert karin.is_active


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("personal_data"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
