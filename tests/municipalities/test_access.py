"""The access helper: every view showing a municipality's data goes through it."""

import pytest

from municipalities.access import is_national_staff, municipality_for_user

pytestmark = pytest.mark.django_db


def test_member_sees_own_municipality(bob, municipality):
    assert municipality_for_user(bob, municipality.code) == municipality


def test_member_of_another_municipality_gets_404(charlie, municipality):
    from django.http import Http404

    with pytest.raises(Http404):
        municipality_for_user(charlie, municipality.code)


def test_anonymous_gets_404(municipality):
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    with pytest.raises(Http404):
        municipality_for_user(AnonymousUser(), municipality.code)


def test_national_staff_sees_every_municipality(alice, municipality, other_municipality):
    assert is_national_staff(alice)
    assert municipality_for_user(alice, other_municipality.code) == other_municipality


def test_municipal_user_is_not_national_staff(bob):
    assert not is_national_staff(bob)


def test_municipality_page_for_member(client_of, bob, municipality):
    response = client_of(bob).get(f"/kommuner/{municipality.code}/")

    assert response.status_code == 200
    assert "Testkommun A" in response.content.decode()


def test_municipality_page_refused_to_other_municipality(client_of, charlie, municipality):
    assert client_of(charlie).get(f"/kommuner/{municipality.code}/").status_code == 404


def test_municipality_page_sends_anonymous_to_login(client, municipality):
    response = client.get(f"/kommuner/{municipality.code}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/?next=")


def test_municipality_list_is_for_national_staff_only(client_of, client, bob, alice):
    assert client.get("/kommuner/").status_code == 302
    assert client_of(bob).get("/kommuner/").status_code == 403
    assert client_of(alice).get("/kommuner/").status_code == 200
