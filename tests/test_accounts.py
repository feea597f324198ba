import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def test_login_page_is_in_swedish(client):
    page = client.get("/konto/logga-in/").content.decode()

    assert '<html lang="sv">' in page
    assert "E-postadress" in page and "Lösenord" in page


def test_user_logs_in_with_email_in_any_case(client, bob, password):
    response = client.post(
        "/konto/logga-in/", {"username": "  BOB@Kommun-A.example ", "password": password}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "Testkommun A" in client.get("/").content.decode()


def test_wrong_password_is_explained_in_swedish(client, bob):
    response = client.post("/konto/logga-in/", {"username": bob.email, "password": "fel"})

    assert response.status_code == 200
    assert "Fel e-postadress eller lösenord." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_ends_the_session(client_of, bob):
    client = client_of(bob)

    response = client.post("/konto/logga-ut/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_swedish_mail_with_a_working_link(client, bob, password):
    client.post("/konto/losenord/", {"email": bob.email})

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Nytt lösenord till E-mognad"
    # The link starts with SITE_URL, not with the Host the request came with.
    link = re.search(r"http://127.0.0.1:8000(/konto/losenord/nytt/\S+/)", message.body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"new_password1": "nytt-långt-lösen-42", "new_password2": "nytt-långt-lösen-42"}
    )
    assert response["Location"] == "/konto/losenord/klart/"
    assert client.login(username=bob.email, password="nytt-långt-lösen-42")


def test_password_reset_does_not_reveal_unknown_addresses(client):
    response = client.post("/konto/losenord/", {"email": "okand@example.se"})

    assert response["Location"] == "/konto/losenord/skickat/"
    assert mail.outbox == []


def test_home_shows_staff_their_tools(client_of, alice):
    page = client_of(alice).get("/").content.decode()

    assert "Kommuner och kontaktpersoner" in page


def test_member_without_municipality_is_told_so(client_of):
    from tests.factories import UserFactory

    page = client_of(UserFactory()).get("/").content.decode()

    assert "inte kopplat till någon kommun" in page


def test_member_home_links_to_answering_and_results(client_of, bob):
    from tests.factories import SurveyRoundFactory

    survey_round = SurveyRoundFactory(year=2025)

    page = client_of(bob).get("/").content.decode()

    assert f'href="/svar/{survey_round.year}/9001/"' in page
    assert f'href="/resultat/{survey_round.year}/9001/"' in page
