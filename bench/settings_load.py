"""Production settings for the load scenario's gunicorn and worker, with two changes to the
static files, which the scenario never fetches: they are collected into the scenario's own
temporary directory (not the work tree's `staticfiles/`, so a run neither needs nor disturbs
anyone else's collectstatic), and not compressed, which would take a minute of this
machine's CPU per run. The pages name the same hashed files from the same manifest."""

import os
from pathlib import Path

from emognad.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
)
