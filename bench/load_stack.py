"""The production stack on this machine's loopback for the load scenario: gunicorn and a
Celery worker with the production settings, against the benchmark database and Redis.

Each process runs in a process group of its own and is stopped with its children when the
scenario ends, whatever happened; its log is shown when the stack would not start.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
STOP_TIMEOUT = 20


@dataclass(frozen=True)
class WebConfig:
    workers: int
    worker_class: str
    threads: int


@dataclass(frozen=True)
class Stack:
    base_url: str
    workdir: Path
    processes: dict[str, subprocess.Popen]

    def logs(self) -> str:
        return _logs(self.workdir)

    def cpu_seconds(self) -> dict[str, float]:
        """CPU used so far by each process group (gunicorn's workers, restarted ones too)."""
        return {name: _group_cpu(process.pid) for name, process in self.processes.items()}


def machine_cpu_seconds() -> float:
    """CPU used on the whole machine since it started, by anyone (/proc/stat)."""
    ticks = [int(field) for field in Path("/proc/stat").read_text().split()[1:9]]
    idle_and_waiting = ticks[3] + ticks[4]
    return (sum(ticks) - idle_and_waiting) / os.sysconf("SC_CLK_TCK")


def _group_cpu(leader: int) -> float:
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended while it was read
        if int(fields[2]) == leader:  # the process group
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
            if int(stat.parent.name) == leader:
                ticks += int(fields[13]) + int(fields[14])  # its children that ended
    return ticks / os.sysconf("SC_CLK_TCK")


@contextmanager
def stack_running(
    *, env: dict[str, str], web: WebConfig, startup_timeout: float
) -> Iterator[Stack]:
    """Collect the static files, start gunicorn and a worker, wait until /healthz answers."""
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="emognad-load-")))
        env = env | {"BENCH_STATIC_ROOT": str(workdir / "static")}
        _collectstatic(env, workdir, timeout=startup_timeout)
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        processes = {
            "gunicorn": _start(_gunicorn_command(port, web), env, workdir / "gunicorn.log"),
            "worker": _start(_worker_command(), env, workdir / "worker.log"),
        }
        for process in processes.values():
            stack.callback(_stop, process)
        _wait_healthy(base_url, processes, workdir, timeout=startup_timeout)
        yield Stack(base_url, workdir, processes)


def _collectstatic(env: dict[str, str], workdir: Path, *, timeout: float) -> None:
    """The manifest that production's static storage needs, or every page would fail."""
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"]
    with open(workdir / "collectstatic.log", "w") as log:
        subprocess.run(
            command, cwd=ROOT, env=env, stdout=log, stderr=log, timeout=timeout, check=True
        )


def _gunicorn_command(port: int, web: WebConfig) -> list[str]:
    """As docker-compose.yml runs it (max-requests included), on loopback only."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "emognad.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={web.workers}",
        f"--worker-class={web.worker_class}",
        f"--threads={web.threads}",
        "--worker-tmp-dir=/dev/shm",
        "--no-control-socket",
        "--max-requests=1000",
        "--max-requests-jitter=100",
        "--timeout=60",
    ]


def _worker_command() -> list[str]:
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "emognad",
        "worker",
        "--concurrency=1",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=WARNING",
        "-n",
        "bench-load@%h",
    ]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(command: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen:
    log = open(log_path, "w")  # noqa: SIM115 - the process writes to it until it is stopped
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    log.close()
    return process


def _stop(process: subprocess.Popen) -> None:
    """The process and its children (gunicorn's workers, the worker's pool)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)
    except ProcessLookupError:
        pass


def _wait_healthy(
    base_url: str, processes: dict[str, subprocess.Popen], workdir: Path, *, timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        exited = [name for name, process in processes.items() if process.poll() is not None]
        if exited:
            raise RuntimeError(f"{', '.join(exited)} stopped at start:\n{_logs(workdir)}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"no healthy site within {timeout:g} s:\n{_logs(workdir)}")


def _logs(workdir: Path) -> str:
    return "\n".join(
        f"--- {path.name}\n{path.read_text()[-3000:]}" for path in workdir.glob("*.log")
    )
