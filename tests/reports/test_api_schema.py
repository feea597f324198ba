"""The API's OpenAPI schema, and its errors: JSON with a Swedish "detail", never a 500."""

import io
import json

import pytest
import yaml
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.throttling import AnonRateThrottle

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/rounds/",
    "/api/v1/rounds/{year}/national/",
    "/api/v1/rounds/{year}/municipalities/{code}/",
    "/api/v1/reference/",
}


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()


def test_the_schema_is_openapi_3_with_every_endpoint(client):
    response = client.get("/api/v1/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == PATHS
    national = schema["paths"]["/api/v1/rounds/{year}/national/"]["get"]
    assert {"200", "404"} <= set(national["responses"])


def test_the_schema_is_served_as_yaml_by_default(client):
    response = client.get("/api/v1/schema/")

    assert response.status_code == 200
    assert set(yaml.safe_load(response.content)["paths"]) == PATHS


def test_the_schema_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(target), stderr=io.StringIO()
    )

    assert set(yaml.safe_load(target.read_text())["paths"]) == PATHS


def test_the_root_links_the_endpoints(client):
    data = client.get("/api/v1/").json()

    assert data["rounds"].endswith("/api/v1/rounds/")
    assert data["schema"].endswith("/api/v1/schema/")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nothing/",
        "/api/v1/rounds/2024/",
        "/api/v1/rounds/2024/national/x/",
        "/api/v1//",
    ],
)
def test_an_unknown_address_is_a_json_404_in_swedish(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert response.json()["detail"] == "Det finns ingen sådan adress i API:t."


def test_an_address_without_its_slash_is_redirected_first(client):
    response = client.get("/api/v1/rounds", follow=True)

    assert response.redirect_chain == [("/api/v1/rounds/", 301)]
    assert response.status_code == 200


def test_writing_is_not_allowed(client):
    response = client.post("/api/v1/rounds/", {"year": 2030})

    assert response.status_code == 405
    assert "tillåts inte" in response.json()["detail"]


def test_an_unknown_format_is_a_json_404(client):
    response = client.get("/api/v1/rounds/", {"format": "xml"})

    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.fixture
def two_a_minute(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})


def test_anonymous_clients_are_throttled_in_swedish(client, two_a_minute):
    statuses = [client.get("/api/v1/reference/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    refused = client.get("/api/v1/reference/")
    assert refused.json()["detail"].startswith("För många anrop från din adress. Försök igen om ")
    assert refused.json()["detail"].endswith(("sekunder.", "sekund.", "minut."))
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_the_throttle_counts_the_address_the_proxy_saw_not_what_the_client_wrote(
    client, two_a_minute, settings
):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    statuses = [
        client.get(
            "/api/v1/reference/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 198.51.100.7"
        ).status_code
        for n in range(3)
    ]

    assert statuses == [200, 200, 429]
    other = client.get("/api/v1/reference/", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 200


def test_every_endpoint_documents_its_429(client):
    schema = json.loads(client.get("/api/v1/schema/", {"format": "json"}).content)

    for path in PATHS:
        responses = schema["paths"][path]["get"]["responses"]
        assert "429" in responses, path
        detail = responses["429"]["content"]["application/json"]["schema"]
        assert detail == {"$ref": "#/components/schemas/Error"}


def test_a_client_that_accepts_no_json_is_told_so_in_json(client):
    response = client.get("/api/v1/rounds/", HTTP_ACCEPT="text/html")

    assert response.status_code == 406
    assert response.json()["detail"]


@pytest.mark.parametrize(
    ("language", "summary", "description"),
    [
        ("sv", "Riksresultat för en omgång", "Riksresultat för publicerade omgångar"),
        ("en", "National results for a survey round", "National results of published rounds"),
    ],
)
def test_the_schema_speaks_one_language(client, language, summary, description):
    schema = json.loads(client.get("/api/v1/schema/", {"format": "json", "lang": language}).content)

    assert schema["info"]["description"].startswith(description)
    summaries = [op["summary"] for path in schema["paths"].values() for op in path.values()]
    assert summary in summaries


def test_the_schema_opens_as_text_in_a_browser(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="text/html,*/*;q=0.8")

    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().startswith("openapi: ")
