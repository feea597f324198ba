"""The real processes a fault test starts and stops: a private Redis, a Celery worker.

Every process started here is stopped by the fixture or context manager that started it,
whatever the test did in between.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import kombu.pools
import pytest
from django.db import connection
from django.test import override_settings

from emognad.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent.parent
WAIT_SECONDS = 60
REDIS_ARGS = ["redis-server", "--save", "", "--appendonly", "no", "--bind", "127.0.0.1"]
WORKER_ARGS = ["-m", "celery", "-A", "emognad", "worker", "--pool=solo", "--loglevel=WARNING"]
GUNICORN_ARGS = ["-m", "gunicorn", "emognad.wsgi:application", "--workers=1", "--timeout=60"]
WORKER_ARGS += ["--without-gossip", "--without-mingle", "--without-heartbeat"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(
    condition: Callable[[], object],
    what: str,
    *,
    details: Callable[[], str] = str,
    timeout: float = WAIT_SECONDS,
):
    """Poll until condition() is truthy and return its value; else fail, naming `what`
    and adding details() (a process's output, say)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:.0f} s for {what}\n{details()}")
        time.sleep(0.1)


def database_url(port: int | None = None) -> str:
    """The test database, for a process of our own (through `port` if given)."""
    params = connection.settings_dict
    if params["ENGINE"].endswith("sqlite3"):
        pytest.skip("needs a server database (PostgreSQL), as CI has")
    host = params["HOST"] or "127.0.0.1"
    credentials = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    return f"postgres://{credentials}@{host}:{port or params['PORT'] or 5432}/{params['NAME']}"


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
    process.wait(timeout=30)


class RedisServer:
    """A redis-server of the test's own on a free loopback port: nothing saved to disk, or,
    if `persistent`, an append-only file in a directory of its own, as production has, so
    that what it held is there again when it is started after a kill."""

    def __init__(self, *, persistent: bool = False) -> None:
        if shutil.which("redis-server") is None:
            pytest.skip("needs redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.directory = tempfile.TemporaryDirectory() if persistent else None

    def start(self) -> None:
        args = [*REDIS_ARGS, "--port", str(self.port)]
        if self.directory is not None:
            args += ["--appendonly", "yes", "--dir", self.directory.name]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self._answers, f"redis-server on port {self.port}")

    def kill(self) -> None:
        if self.process is not None:
            _stop(self.process)
            self.process = None

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


@contextmanager
def redis_server(*, persistent: bool = False) -> Iterator[RedisServer]:
    server = RedisServer(persistent=persistent)
    server.start()
    try:
        yield server
    finally:
        server.kill()
        if server.directory is not None:
            server.directory.cleanup()


class _LoggedProcess:
    """A Python process of the project's, its output kept in a file for a failure's message:
    a file, not a pipe, since a pipe nobody reads would stop a talkative process."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by its context manager)
        self.process = subprocess.Popen(
            [sys.executable, *args], cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")


class Worker(_LoggedProcess):
    """A Celery worker process (solo pool: the process is the one doing the work)."""

    def __init__(self, broker_url: str) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
            "DATABASE_URL": database_url(),
            "REDIS_URL": broker_url,
        }
        super().__init__([*WORKER_ARGS, "-n", f"fault-worker-{os.getpid()}@%h"], env)

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as when the machine or the OOM killer takes it."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        _stop(self.process)


@contextmanager
def celery_worker(broker_url: str) -> Iterator[Worker]:
    worker = Worker(broker_url)
    try:
        yield worker
    finally:
        worker.kill()
        worker.log.close()


def _drop_celery_connections() -> None:
    """Celery keeps its broker connections and result backend once made: start afresh."""
    kombu.pools.reset()  # closed and forgotten: a pool for the same URL is made anew
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    vars(celery_app._local).pop("backend", None)


@contextmanager
def app_on_redis(url: str) -> Iterator[None]:
    """Cache, broker and results on `url`, as production has them on one Redis; tasks
    queued, not run in the test's process."""
    keys = ("broker_url", "result_backend", "task_always_eager")
    saved = {key: celery_app.conf[key] for key in keys}
    cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    _drop_celery_connections()
    celery_app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    try:
        with override_settings(
            REDIS_URL=url,
            CACHES={"default": cache},
            CELERY_BROKER_URL=url,
            CELERY_RESULT_BACKEND=url,
            CELERY_TASK_ALWAYS_EAGER=False,
        ):
            yield
    finally:
        _drop_celery_connections()
        celery_app.conf.update(saved)


class AppServer(_LoggedProcess):
    """The app served by gunicorn, as in production, on the test database by `database`."""

    def __init__(self, database: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "emognad.settings_test",
            "DATABASE_URL": database,
            "REDIS_URL": "",  # tasks run in the web process; no shared Redis touched
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for themselves
        super().__init__([*GUNICORN_ARGS, "--bind", f"127.0.0.1:{self.port}"], env)
        wait_until(self._answers, "the app server", details=self.output)

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            pytest.fail("the app server stopped:\n" + self.output())
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                _stop(self.process)
        self.log.close()


@contextmanager
def app_server(database: str) -> Iterator[AppServer]:
    server = AppServer(database)
    try:
        yield server
    finally:
        server.stop()
