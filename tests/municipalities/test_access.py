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
