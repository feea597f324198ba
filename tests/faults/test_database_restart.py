"""The database restarts while a respondent answers: every page says so clearly (503, in
Swedish), the autosave keeps what was typed and saves it once the database is back, and
nothing is lost or half-written. The app runs in gunicorn, its database behind a proxy of
the test's own that drops every connection as a restart does."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg
import pytest
from django.db import connection

from surveys.models import AnswerChange
from tests.faults.browser import form_fields
from tests.faults.processes import app_server, database_url, wait_until
from tests.faults.proxy import database_proxy
from tests.surveys.helpers import (
    RESPONDENT,
    answer_of,
    answering_round,
    invite,
    link,
    page,
    url,
)

FETCH = {"X-Requested-With": "fetch", "Accept": "application/json"}
UNAVAILABLE = "Tjänsten är tillfälligt otillgänglig"


@pytest.fixture
def proxy(transactional_db):
    with database_proxy() as proxy:
        yield proxy


@pytest.fixture
def site(proxy):
    with app_server(database_url(proxy.port)) as server:
        yield server


@pytest.fixture
def respondent(site, municipality):
    """A respondent in their browser, who has answered SL1 and SL2 on the first page."""
    invitation = invite(answering_round(), municipality)
    with httpx.Client(base_url=site.url, timeout=60) as browser:
        browser.get(link(invitation))
        start = form_fields(browser.get(url("answer_start")))
        assert browser.post(url("answer_start"), data=start | RESPONDENT).status_code == 302
        first = form_fields(browser.get(page(1))) | {"SL1-state": "3", "SL2-state": "2"}
        assert browser.post(page(1), data=first | {"go": "save"}).status_code == 302
        yield browser


def test_pages_say_the_service_is_unavailable_and_work_again_when_the_database_is_back(
    respondent, proxy, municipality
):
    typed = form_fields(respondent.get(page(1))) | {"SL1-state": "4"}

    proxy.stop()
    shown = respondent.get(page(2))
    autosave = respondent.post(page(1), data=typed, headers=FETCH)
    health = respondent.get("/healthz")

    assert shown.status_code == 503
    assert UNAVAILABLE in shown.text and "Inget av det du har sparat" in shown.text
    assert shown.headers["Retry-After"]
    assert autosave.status_code == 503
    assert autosave.json()["saved"] is False
    assert UNAVAILABLE in autosave.json()["message"]
    assert health.status_code == 503 and health.json()["database"] == "error"
    assert answer_of(municipality, "SL1").value == 3

    proxy.start()
    assert respondent.get(page(2)).status_code == 200
    retried = respondent.post(page(1), data=typed, headers=FETCH)
    assert retried.status_code == 200 and retried.json()["saved"] is True
    assert (answer_of(municipality, "SL1").value, answer_of(municipality, "SL2").value) == (4, 2)


def test_the_restart_is_one_warning_line_a_request_in_the_log(respondent, proxy, site):
    """What whoever reads the log sees: each 503 once, as a warning, on one line; no
    ERROR and no traceback for a database that is restarting."""
    before = len(site.output().splitlines())
    proxy.stop()
    answered = [respondent.get(page(2)), respondent.get(page(1), headers=FETCH)]
    answered.append(respondent.get("/healthz"))
    proxy.start()
    assert respondent.get(page(2)).status_code == 200

    assert [response.status_code for response in answered] == [503, 503, 503]
    logged = site.output().splitlines()[before:]
    app_lines = [line for line in logged if " WARNING " in line or " ERROR " in line]
    assert "Traceback" not in "\n".join(logged)
    assert not [line for line in app_lines if " ERROR " in line], logged
    pages = [line for line in app_lines if "Database unavailable, answered 503" in line]
    assert len(pages) == 2 and all("OperationalError" in line for line in pages), logged
    assert sum("Database health check failed" in line for line in app_lines) == 1, logged


def test_a_save_cut_off_by_the_restart_leaves_nothing_half_written(respondent, proxy, municipality):
    typed = form_fields(respondent.get(page(1))) | {"SL1-state": "1", "SL2-state": "1"}
    changes = AnswerChange.objects.count()
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as holder, ThreadPoolExecutor(1) as pool:
        # The save gets as far as the answers themselves and waits to write its change log.
        with holder.transaction():
            holder.execute("LOCK TABLE surveys_answerchange IN EXCLUSIVE MODE")
            saving = pool.submit(respondent.post, page(1), data=typed, headers=FETCH)
            with psycopg.connect(**params, autocommit=True) as watcher:
                pid = wait_until(lambda: _waiting_to_log(watcher), "the save to wait")
                proxy.stop()
                cut_off = saving.result(timeout=60)
        wait_until(lambda: not _session_alive(holder, pid), "the cut-off session to end")

    assert cut_off.status_code == 503
    assert UNAVAILABLE in cut_off.json()["message"]
    assert (answer_of(municipality, "SL1").value, answer_of(municipality, "SL2").value) == (3, 2)
    assert AnswerChange.objects.count() == changes

    proxy.start()
    retried = respondent.post(page(1), data=typed, headers=FETCH)
    assert retried.status_code == 200
    assert (answer_of(municipality, "SL1").value, answer_of(municipality, "SL2").value) == (1, 1)


def _waiting_to_log(watcher) -> int | None:
    row = watcher.execute(
        "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        " AND query LIKE 'INSERT INTO \"surveys_answerchange\"%%'"
        " AND datname = current_database()"
    ).fetchone()
    return row[0] if row else None


def _session_alive(watcher, pid: int) -> bool:
    return bool(watcher.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone())
