"""Django's admin is off unless ADMIN_ENABLED turns it on: /admin/ is then a 404 for
everyone, staff and superusers too. Turned on, its sign-in is throttled like the login
page's: the account from one address waits after a wrong password, its owner elsewhere
does not."""

import importlib

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import clear_url_caches

import emognad.urls
from common import throttle
from tests.factories import PASSWORD, UserFactory
from tests.test_settings import manage

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(email="root@skr.example", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_enabled(settings):
    settings.ADMIN_ENABLED = True
    _reload_urls()
    cache.clear()
    yield
    settings.ADMIN_ENABLED = False
    _reload_urls()
    cache.clear()


def _reload_urls() -> None:
    importlib.reload(emognad.urls)
    clear_url_caches()


def admin_log_in(email: str, password: str, address: str = "127.0.0.1"):
    client = Client(REMOTE_ADDR=address)
    page = client.post(
        "/admin/login/", {"username": email, "password": password, "next": "/admin/"}
    )
    return client, page


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/admin/auth/user/"])
def test_the_admin_is_not_there_by_default(client, superuser, alice, path):
    assert client.get(path).status_code == 404
    client.force_login(superuser)
    assert client.get(path).status_code == 404
    client.force_login(alice)
    assert client.get(path).status_code == 404


def test_by_default_no_password_can_be_tried_at_the_admin(superuser):
    _, page = admin_log_in(superuser.email, PASSWORD)

    assert page.status_code == 404


def test_turned_on_the_admin_signs_a_superuser_in(admin_enabled, superuser):
    client, page = admin_log_in(superuser.email, PASSWORD)

    assert page.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_turned_on_a_wrong_password_makes_that_address_wait(admin_enabled, superuser, monkeypatch):
    monkeypatch.setattr(throttle, "now", lambda: 1_000_000.0)
    admin_log_in(superuser.email, "fel-lösenord")

    client, page = admin_log_in(superuser.email, PASSWORD)

    assert page.status_code == 429
    assert "För många misslyckade inloggningar" in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_turned_on_someone_elses_failures_do_not_keep_the_owner_out(
    admin_enabled, superuser, monkeypatch
):
    monkeypatch.setattr(throttle, "now", lambda: 1_000_000.0)
    for _ in range(5):
        admin_log_in(superuser.email, "fel-lösenord", address="192.0.2.66")

    client, page = admin_log_in(superuser.email, PASSWORD, address="198.51.100.10")

    assert page.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize(("value", "shown"), [("", "False"), ("true", "True"), ("off", "False")])
def test_the_setting_comes_from_the_environment(value, shown):
    code = "from django.conf import settings; print(settings.ADMIN_ENABLED)"
    variables = {"DEBUG": "true"} | ({"ADMIN_ENABLED": value} if value else {})

    result = manage("shell", "-c", code, **variables)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == shown
