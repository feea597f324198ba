"""Start-up from the environment: bad values stop it by name, production passes --deploy,
and /healthz tells a load balancer whether the database and the broker answer."""

import time

import pytest
from django.core.management.utils import get_random_secret_key
from django.urls import reverse

from tests.helpers import manage


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"SMALL_GROUP_THRESHOLD": "abc"}, "SMALL_GROUP_THRESHOLD"),
        ({"SMALL_GROUP_THRESHOLD": "0"}, "SMALL_GROUP_THRESHOLD"),
        ({"DATABASE_URL": "nonsense://x"}, "DATABASE_URL"),
        ({"REDIS_URL": "http://x"}, "REDIS_URL"),
        # Empty rather than absent, so a developer's .env cannot fill it in.
        ({"DEBUG": "false", "SECRET_KEY": ""}, "SECRET_KEY"),
        # Production must say where the app is served: every e-mailed link starts there.
        ({"DEBUG": "false", "SITE_URL": ""}, "SITE_URL"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(
    variables: dict[str, str], named: str
) -> None:
    result = manage("check", **{"SECRET_KEY": get_random_secret_key(), **variables})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr.strip().splitlines()[-1]


def test_a_secret_key_starting_with_a_dollar_is_taken_as_it_is() -> None:
    result = manage("check", DEBUG="false", SECRET_KEY="$" + get_random_secret_key())
    assert result.returncode == 0, result.stderr


def test_good_values_start_up() -> None:
    result = manage("check", DEBUG="false", SECRET_KEY=get_random_secret_key())
    assert result.returncode == 0, result.stderr


def test_production_configuration_passes_the_deploy_check() -> None:
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=get_random_secret_key(),
        ALLOWED_HOSTS="e-mognad.example",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client, settings) -> None:
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    # CI runs against Redis; on a bare machine Celery is eager and there is no broker.
    assert response.json()["broker"] == ("ok" if settings.REDIS_URL else "eager")
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_answers_503_quickly_when_the_broker_is_down(client, settings) -> None:
    closed_port = "redis://127.0.0.1:1/0"
    settings.REDIS_URL = settings.CELERY_BROKER_URL = closed_port
    settings.CELERY_TASK_ALWAYS_EAGER = False
    started = time.monotonic()
    response = client.get(reverse("healthz"))
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "error", "worker_last_seen": None}


@pytest.mark.django_db
def test_healthz_is_served_over_plain_http_when_https_is_enforced(client, settings) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("home")).status_code == 301
    assert client.get(reverse("healthz")).status_code == 200
