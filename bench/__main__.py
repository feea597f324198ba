"""`make bench`: builds a benchmark database, runs every benchmark, prints the figures.

Runs on PostgreSQL (DATABASE_URL, default the local server) in a database of its own,
created afresh and dropped at the end. Exits non-zero if a figure misses its target.
`python -m bench reports` runs only the benchmarks named; `python -m bench load` the
deadline-day load scenario alone (bench/load.py; its options are BENCH_LOAD_* variables).
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emognad.settings_test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/emognad_bench")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from bench import load, pages, reports  # noqa: E402

BENCHMARKS = {"pages": pages.run, "reports": reports.run, "load": load.run}


def main() -> int:
    print(f"E-mognad benchmarks on {connection.vendor} ({connection.settings_dict['NAME']})")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
            chosen = sys.argv[1:] or list(BENCHMARKS)
            results = [BENCHMARKS[name]() for name in chosen]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
