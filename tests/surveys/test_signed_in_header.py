"""The header says who is signed in and how, and offers to sign out, on every page (the
answering pages and the dashboard among them), also for someone who came by an invitation
link, without an account."""

import re

import pytest
from django.urls import reverse

from tests.surveys.helpers import answering_round, enter_and_start, invite, link, url

pytestmark = pytest.mark.django_db


def header(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[: html.index("</header>")]))


@pytest.fixture
def invitation(municipality):
    return invite(answering_round(), municipality)


def test_a_link_holder_sees_how_they_are_signed_in_and_can_sign_out(client, invitation):
    enter_and_start(client, invitation)

    for page in (url("answer_start"), url("answer_cornerstone", number=1), url("answer_review")):
        shown = header(client.get(page))
        assert "Inloggad via inbjudan – Testkommun A" in shown
        assert "Logga ut" in shown and "Logga in" not in shown

    client.post(reverse("logout"))

    assert client.get(url("answer_start")).status_code == 404
    assert "Inloggad via inbjudan" not in header(client.get(reverse("home")))


def test_a_member_sees_their_name_in_the_header(client_of, bob, municipality):
    page = client_of(bob).get(reverse("home"))

    shown = header(page)
    assert "Bob Berg" in shown and "Logga ut" in shown


def test_a_visitor_without_a_link_is_offered_to_log_in(client):
    assert "Logga in" in header(client.get(reverse("home")))


def test_a_link_that_was_replaced_no_longer_signs_anyone_in(client, invitation):
    client.get(link(invitation))
    invitation.revoked_at = invitation.created_at
    invitation.save()

    assert "Inloggad via inbjudan" not in header(client.get(reverse("home")))
