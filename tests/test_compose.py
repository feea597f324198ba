"""docker-compose.yml, the Dockerfile and .env.example agree with each other and the app.

No container engine runs here: the files are read as data and their structure checked.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")
BACKING_SERVICES = ("postgres", "redis")

# ${VAR}, ${VAR:-default}, ${VAR:?message} and $VAR, but not $$VAR (a literal "$").
COMPOSE_VARIABLE = re.compile(r"(?<!\$)\$\{?([A-Za-z_][A-Za-z0-9_]*)")
SETTINGS_VARIABLE = re.compile(
    r"\b(?:env(?:\.\w+|_\w+)|os\.environ\.get)\(\s*\"([A-Z][A-Z0-9_]*)\""
)
DOCUMENTED_VARIABLE = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)


@pytest.fixture(scope="module")
def compose_text() -> str:
    return (ROOT / "docker-compose.yml").read_text()


@pytest.fixture(scope="module")
def services(compose_text: str) -> dict:
    return yaml.safe_load(compose_text)["services"]


@pytest.fixture(scope="module")
def documented() -> set[str]:
    return set(DOCUMENTED_VARIABLE.findall((ROOT / ".env.example").read_text()))


def with_defaults(value: str) -> str:
    """The value compose would give with no .env: defaults used, required ones filled in."""
    value = re.sub(r"\$\{\w+:?-([^}]*)\}", r"\1", value)
    return re.sub(r"\$\{(\w+):?\?[^}]*\}", r"required-\1", value)


def command_of(service: dict) -> str:
    command = service["command"]
    return with_defaults(command if isinstance(command, str) else " ".join(command))


def healthcheck_of(service: dict) -> str:
    test = service["healthcheck"]["test"]
    return test if isinstance(test, str) else " ".join(test)


def test_the_five_services_exist(services: dict) -> None:
    assert set(APP_SERVICES + BACKING_SERVICES) <= set(services)


def test_web_runs_gunicorn_on_the_wsgi_app_with_several_workers(services: dict) -> None:
    command = command_of(services["web"])
    assert command.startswith("gunicorn emognad.wsgi")
    workers = re.search(r"--workers[= ](\d+)", command)
    assert workers and int(workers.group(1)) > 1


@pytest.mark.parametrize("service", ["worker", "beat"])
def test_worker_and_beat_run_celery_on_the_app(services: dict, service: str) -> None:
    assert command_of(services[service]).startswith(f"celery -A emognad {service}")


@pytest.mark.parametrize(
    ("service", "probe"),
    [
        ("web", "/healthz"),
        ("worker", "celery -A emognad inspect ping"),
        ("beat", "celerybeat-schedule"),
        ("postgres", "pg_isready"),
        ("redis", "redis-cli ping"),
    ],
)
def test_every_service_has_a_health_check(services: dict, service: str, probe: str) -> None:
    assert probe in healthcheck_of(services[service])


def test_only_one_shot_jobs_go_without_a_health_check(services: dict) -> None:
    unchecked = {name for name, service in services.items() if "healthcheck" not in service}
    for name in unchecked:
        assert services[name].get("restart") == "no", f"{name} runs on but has no health check"
        for app in APP_SERVICES:
            assert services[app]["depends_on"][name]["condition"] == (
                "service_completed_successfully"
            )


@pytest.mark.parametrize("service", [*APP_SERVICES, *BACKING_SERVICES])
def test_every_long_running_service_is_started_again_when_it_exits(
    services: dict, service: str
) -> None:
    """Whatever it exits with, a crash or a worker that gave up on its broker
    (docs/operations.md): only `docker compose stop` keeps it down."""
    assert services[service].get("restart") in {"always", "unless-stopped"}


@pytest.mark.parametrize(
    ("service", "data_dir"), [("postgres", "/var/lib/postgresql/data"), ("redis", "/data")]
)
def test_backing_services_keep_their_data_in_named_volumes(
    compose_text: str, services: dict, service: str, data_dir: str
) -> None:
    named = yaml.safe_load(compose_text)["volumes"]
    mounts = dict(volume.split(":", 1) for volume in services[service]["volumes"])
    assert {name for name, target in mounts.items() if target == data_dir} & set(named)


def test_redis_persists_its_queue(services: dict) -> None:
    assert "--appendonly yes" in command_of(services["redis"])


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_start_once_postgres_and_redis_are_healthy(
    services: dict, service: str
) -> None:
    depends_on = services[service]["depends_on"]
    for backing in BACKING_SERVICES:
        assert depends_on[backing]["condition"] == "service_healthy"


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_keep_no_state_on_disk(services: dict, service: str) -> None:
    assert "volumes" not in services[service]
    assert services[service]["read_only"] is True


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_use_the_compose_postgres_and_redis(services: dict, service: str) -> None:
    environment = services[service]["environment"]
    database = urlsplit(with_defaults(environment["DATABASE_URL"]))
    broker = urlsplit(with_defaults(environment["REDIS_URL"]))
    assert (database.scheme, database.hostname) == ("postgres", "postgres")
    assert (broker.scheme, broker.hostname) == ("redis", "redis")


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_run_in_production_mode(services: dict, service: str) -> None:
    assert services[service]["environment"]["DEBUG"] == "false"


@pytest.mark.parametrize("secret", ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "POSTGRES_PASSWORD"])
def test_missing_secrets_stop_compose_with_a_message(compose_text: str, secret: str) -> None:
    assert re.search(rf"\$\{{{secret}:\?[^}}]+\}}", compose_text)


def test_every_compose_variable_is_documented(compose_text: str, documented: set[str]) -> None:
    used = set(COMPOSE_VARIABLE.findall(compose_text))
    assert used, "no variables found: the pattern is broken"
    assert used - documented == set()


def test_every_settings_variable_is_documented(documented: set[str]) -> None:
    read = set(SETTINGS_VARIABLE.findall((ROOT / "emognad" / "settings.py").read_text()))
    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= read
    assert read - documented == set()


def test_the_image_installs_from_the_lock_file_and_runs_unprivileged() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "uv.lock" in dockerfile
    assert re.search(r"uv sync --locked --no-dev", dockerfile)
    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.MULTILINE)
    users = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert users and not users[-1].startswith(("root", "0"))


def test_the_image_leaves_out_local_state_and_secrets() -> None:
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".env", ".venv", "db.sqlite3", ".git"} <= ignored
