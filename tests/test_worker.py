"""A real Celery worker against Redis runs what the app queues, and stores the result."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from emognad.celery import app as celery_app
from emognad.models import WorkerHeartbeat
from emognad.tasks import worker_heartbeat

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
        "DATABASE_URL": _database_url(),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "emognad",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
            "-n",
            "test-worker@%h",
        ],
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


def _database_url() -> str:
    params = connection.settings_dict
    if params["ENGINE"].endswith("sqlite3"):
        pytest.skip("the worker test needs a server database (PostgreSQL)")
    host = params["HOST"] or "127.0.0.1"
    credentials = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    return f"postgres://{credentials}@{host}:{params['PORT'] or 5432}/{params['NAME']}"


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
