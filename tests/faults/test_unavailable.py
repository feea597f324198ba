"""When the database does not answer, a page says so in the visitor's language, and an API
client gets the same as JSON; both with HTTP 503 and Retry-After. The real-process version,
with a proxy that drops the connections, is test_database_restart.py."""

import pytest
from django.db import OperationalError, connection


@pytest.fixture
def database_away(monkeypatch):
    def refuse():
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    monkeypatch.setattr(connection, "ensure_connection", refuse)


def test_a_page_says_the_service_is_unavailable_in_the_visitors_language(client, database_away):
    client.cookies["django_language"] = "en"

    login = client.post("/konto/logga-in/", {"username": "a@b.example", "password": "x"})

    assert login.status_code == 503
    assert login["Retry-After"] == "30"
    assert "Nothing you have saved has been lost" in login.content.decode()


def test_the_api_answers_with_json(client, database_away):
    rounds = client.get("/api/v1/rounds/")

    assert rounds.status_code == 503
    assert rounds.json()["message"].startswith("Tjänsten är tillfälligt otillgänglig.")
