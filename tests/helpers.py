"""Helpers for tests across packages (no tests of their own): manage.py run as production
would run it, in a process of its own."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Set by emognad.settings_test for the test process; a subprocess must not inherit them.
TEST_ONLY = (
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def manage(*args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """manage.py with the production settings and `variables` in its environment."""
    env = {name: value for name, value in os.environ.items() if name not in TEST_ONLY}
    env.update(DJANGO_SETTINGS_MODULE="emognad.settings", **variables)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
