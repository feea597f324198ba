"""What the browser is told to enforce (CSP, HSTS, nosniff, frames) on every kind of page,
the production defaults behind it, and forms posted without their CSRF token or from
another site: refused in Swedish, nothing changed."""

import pytest
from django.test import Client

from surveys.models import RoundStatus, SurveyRound
from tests.factories import SurveyRoundFactory
from tests.helpers import manage
from tests.surveys.helpers import (
    RESPONDENT,
    answer_of,
    answering_round,
    invite,
    link,
    loaded,
    page,
    url,
)

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/konto/logga-in/",
    "/integritet/",
    "/finns-inte/",
    "/api/v1/rounds/",
    "/healthz",
]


def policy(response) -> dict[str, list[str]]:
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: values for name, *values in directives}


def assert_hardened(response) -> None:
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_kind_of_page_tells_the_browser_to_run_only_our_code(client, path):
    assert_hardened(client.get(path))


def test_scripts_and_stylesheets_are_never_taken_for_another_type(client):
    for path in ("/static/js/autosave.js", "/static/vendor/plotly/plotly.css"):
        response = client.get(path)

        assert response["X-Content-Type-Options"] == "nosniff"
        assert policy(response)["default-src"] == ["'self'"]


def test_the_respondents_pages_are_hardened_too(client, municipality):
    invitation = invite(answering_round(), municipality)
    client.get(link(invitation))

    assert_hardened(client.get(url("answer_start")))


def test_https_is_remembered_for_a_year_with_subdomains(client):
    response = client.get("/", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_production_defaults_insist_on_https_and_secure_cookies():
    shown = _settings_shown(DEBUG="false", SECRET_KEY="x" * 50)

    assert shown == "True True True 31536000 True True"


def test_the_embedded_default_serves_plain_http_for_make_run():
    shown = _settings_shown(DEBUG="true")

    assert shown == "False False False 0 True True"


def _settings_shown(**variables: str) -> str:
    names = (
        "SECURE_SSL_REDIRECT SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE SECURE_HSTS_SECONDS "
        "SESSION_COOKIE_HTTPONLY SECURE_CONTENT_TYPE_NOSNIFF"
    )
    code = f"print(*(getattr(settings, n) for n in {names!r}.split()))"
    result = manage("shell", "-c", "from django.conf import settings; " + code, **variables)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


# ---------------------------------------------------------------- CSRF


@pytest.fixture
def browser():
    """A client that, like a browser, must carry the CSRF token it was given."""
    return Client(enforce_csrf_checks=True)


def token_of(client: Client) -> str:
    return client.cookies["csrftoken"].value


@pytest.fixture
def respondent(browser, municipality):
    invitation = invite(answering_round(), municipality)
    browser.get(link(invitation))
    browser.get(url("answer_start"))
    browser.post(url("answer_start"), RESPONDENT | {"csrfmiddlewaretoken": token_of(browser)})
    return browser


def autosave(client: Client, data: dict, **headers):
    return client.post(page(1), data, headers={"X-Requested-With": "fetch", **headers})


def test_a_sign_in_without_its_token_is_refused_in_swedish(browser, bob, password):
    response = browser.post("/konto/logga-in/", {"username": bob.email, "password": password})

    assert response.status_code == 403
    assert "Sidan behöver laddas om" in response.content.decode()
    assert "_auth_user_id" not in browser.session


def test_an_autosave_without_its_token_saves_nothing_and_says_why(respondent, municipality):
    data = loaded(respondent, 1) | {"SL1-state": "3"}
    data.pop("csrfmiddlewaretoken", None)

    response = autosave(respondent, data)

    assert response.status_code == 403
    assert response.json()["saved"] is False
    assert "Ladda om sidan" in response.json()["message"]
    assert answer_of(municipality, "SL1") is None


def test_an_autosave_with_its_token_is_saved(respondent, municipality):
    data = loaded(respondent, 1) | {"SL1-state": "3", "csrfmiddlewaretoken": token_of(respondent)}

    response = autosave(respondent, data)

    assert response.json()["saved"] is True
    assert answer_of(municipality, "SL1").value == 3


def test_a_post_from_another_site_is_refused_even_with_a_token(respondent, municipality):
    data = loaded(respondent, 1) | {"SL1-state": "3", "csrfmiddlewaretoken": token_of(respondent)}

    response = autosave(respondent, data, Origin="https://elak.example")

    assert response.status_code == 403
    assert answer_of(municipality, "SL1") is None


def test_staff_actions_without_their_token_change_nothing(browser, alice):
    survey_round = SurveyRoundFactory(current=True, status=RoundStatus.DRAFT)
    browser.force_login(alice)

    response = browser.post(f"/omgangar/{survey_round.year}/oppna/")

    assert response.status_code == 403
    assert SurveyRound.objects.get(pk=survey_round.pk).status == RoundStatus.DRAFT


# ---------------------------------------------------------------- Host header


@pytest.mark.parametrize("path", ["/", "/konto/logga-in/", "/finns-inte/", "/api/v1/rounds/"])
@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "a b", ""])
def test_a_foreign_host_is_a_bad_request_in_swedish_not_a_server_error(client, path, host):
    response = client.get(path, HTTP_HOST=host or "[")

    assert response.status_code == 400
    assert "Felaktig begäran" in response.content.decode()


def test_a_foreign_host_with_a_session_is_a_bad_request_too(client, alice):
    client.force_login(alice)

    response = client.get("/omgangar/", HTTP_HOST="evil.example")

    assert response.status_code == 400


# ---------------------------------------------------------------- request bodies


def test_a_body_past_the_limit_is_refused_in_swedish_before_it_is_read(client, settings):
    body = b"x" * (settings.REQUEST_BODY_MAX_BYTES + 1)

    response = client.post("/konto/logga-in/", body, content_type="application/octet-stream")

    assert response.status_code == 413
    text = response.content.decode()
    assert "För stor begäran" in text and "ingenting sparades" in text
    assert_hardened(response)


def test_an_autosave_past_the_limit_is_told_in_json_and_saves_nothing(respondent, municipality):
    data = loaded(respondent, 1) | {"SL1-state": "3", "csrfmiddlewaretoken": token_of(respondent)}
    data["SL1-comment"] = "x" * (4 * 1024 * 1024)

    response = autosave(respondent, data)

    assert response.status_code == 413
    assert response.json()["saved"] is False
    assert "för stort" in response.json()["message"]
    assert answer_of(municipality, "SL1") is None


def test_a_body_within_the_limit_but_past_djangos_field_limit_is_a_swedish_400(
    respondent, municipality, settings
):
    data = loaded(respondent, 1) | {"SL1-state": "3", "csrfmiddlewaretoken": token_of(respondent)}
    data["SL1-comment"] = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = respondent.post(page(1), data)

    assert response.status_code == 400
    assert "Felaktig begäran" in response.content.decode()
    assert answer_of(municipality, "SL1") is None
