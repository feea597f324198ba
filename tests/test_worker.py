"""A real Celery worker against Redis runs what the app queues, and stores the result."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from emognad.celery import app as celery_app
from emognad.models import WorkerHeartbeat
from emognad.tasks import worker_heartbeat
from tests.factories import SurveyRoundFactory
from tests.faults.processes import WORKER_ARGS, database_url

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (CI sets it)"),
]

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def worker(transactional_db):
    """A worker process on the test database, with the app's real queue."""
    celery_app.control.purge()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "emognad.settings_test",
        "DATABASE_URL": database_url(),
    }
    process = subprocess.Popen(
        [sys.executable, *WORKER_ARGS, "-n", "test-worker@%h"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    celery_app.conf.task_always_eager = False
    try:
        yield process
    finally:
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        process.terminate()
        process.wait(timeout=30)


def test_worker_runs_a_queued_task_and_its_result_is_stored(worker, client):
    result = worker_heartbeat.delay()

    try:
        recorded_at = result.get(timeout=60)
    except Exception:
        worker.terminate()
        pytest.fail("worker did not run the task:\n" + worker.communicate()[0].decode())

    heartbeat = WorkerHeartbeat.objects.get()
    assert heartbeat.hostname.startswith("test-worker@")
    assert heartbeat.seen_at.isoformat() == recorded_at
    assert celery_app.AsyncResult(result.id).state == "SUCCESS"
    assert client.get("/healthz").json()["worker_last_seen"] == recorded_at


def test_eager_mode_without_a_broker_still_runs_tasks(db):
    """The embedded default (`make run`) has no broker: tasks run in the web process."""
    celery_app.conf.task_always_eager = True
    try:
        worker_heartbeat.delay().get(timeout=5)
    finally:
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
    assert WorkerHeartbeat.objects.count() == 1


def test_worker_recomputes_the_reports_after_a_submission(worker, settings):
    """The path a real submission takes: signal → coalesced request → queue → worker."""
    from reports.models import GroupStat
    from reports.services import recompute_claim
    from surveys import signals
    from surveys.models import Response
    from tests.factories import MunicipalityFactory
    from tests.reports.helpers import submit

    settings.RECOMPUTE_DELAY_SECONDS = 0
    survey_round = SurveyRoundFactory(year=2025)
    recompute_claim(round_id=survey_round.pk)  # no pending mark left by an earlier run
    response = submit(survey_round, MunicipalityFactory(), {"SL1": 3, "SL2": 2})

    signals.response_submitted.send(sender=Response, response=response)

    deadline = time.monotonic() + 60
    while not GroupStat.objects.filter(snapshot__round=survey_round, code="SL").exists():
        if time.monotonic() > deadline:
            worker.terminate()
            pytest.fail("no snapshot from the worker:\n" + worker.communicate()[0].decode())
        time.sleep(0.2)
    national = GroupStat.objects.get(
        snapshot__round=survey_round, population="all", dimension="nation", code="SL"
    )
    assert (national.n, national.mean) == (1, 2.5)
