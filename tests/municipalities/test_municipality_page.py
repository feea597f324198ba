import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_municipality_page_shows_its_size_band(bob, client_of, municipality):
    page = client_of(bob).get(reverse("municipality_detail", args=[municipality.code]))

    text = " ".join(page.content.decode().split())
    assert 'Storleksklass</dt><dd class="col-sm-8">20 000–49 999 invånare</dd>' in text
