"""A worker killed in the middle of a recompute: readers only ever see the previous
snapshot, whole, and the next run completes."""

import psycopg
import pytest
from django.db import connection

from reports.models import GroupStat, MunicipalityScore, Snapshot
from reports.services import recompute_request, round_recompute
from reports.tasks import recompute_stale_rounds
from tests.factories import MunicipalityFactory, SurveyRoundFactory
from tests.faults.processes import app_on_redis, celery_worker, redis_server, wait_until
from tests.reports.helpers import submit

pytestmark = pytest.mark.worker

YEAR = 2025


def national_sl1(snapshot: Snapshot) -> tuple[int, float]:
    stat = GroupStat.objects.get(
        snapshot=snapshot, population="all", dimension="nation", code="SL1"
    )
    return stat.n, stat.mean


def backend_waiting_to_insert_figures(watcher) -> int | None:
    """The database session that waits for the lock to write a snapshot's group figures."""
    row = watcher.execute(
        "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        " AND query LIKE 'INSERT INTO reports_groupstat%%' AND datname = current_database()"
    ).fetchone()
    return row[0] if row else None


def backend_alive(watcher, pid: int) -> bool:
    return bool(watcher.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone())


@pytest.fixture
def watcher(transactional_db):
    """A session of the test's own, beside the app's: it holds locks and watches."""
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as session:
        yield session


def test_a_worker_killed_mid_recompute_leaves_the_previous_snapshot_whole(watcher, settings):
    settings.RECOMPUTE_DELAY_SECONDS = 0
    survey_round = SurveyRoundFactory(year=YEAR)
    submit(survey_round, MunicipalityFactory(), {"SL1": 2})
    previous = round_recompute(survey_round=survey_round)
    previous_scores = MunicipalityScore.objects.filter(snapshot=previous).count()
    submit(survey_round, MunicipalityFactory(), {"SL1": 4}, email="annan@kommun.example")

    with redis_server() as redis, app_on_redis(redis.url):
        with celery_worker(redis.url) as worker:
            # The worker gets as far as its new snapshot's municipal scores, and waits.
            with watcher.transaction():
                watcher.execute("LOCK TABLE reports_groupstat IN ACCESS EXCLUSIVE MODE")
                with psycopg.connect(**connection.get_connection_params()) as other:
                    other.autocommit = True
                    recompute_request(round_id=survey_round.pk)
                    pid = wait_until(
                        lambda: backend_waiting_to_insert_figures(other),
                        "the worker to wait in the middle of its recompute",
                        details=worker.output,
                    )
                    assert list(Snapshot.objects.filter(round=survey_round)) == [previous]
                    worker.kill()
            wait_until(lambda: not backend_alive(watcher, pid), "the killed worker's session")

        assert list(Snapshot.objects.filter(round=survey_round)) == [previous]
        assert Snapshot.objects.get().is_current
        assert national_sl1(previous) == (1, 2.0)
        assert MunicipalityScore.objects.filter(snapshot=previous).count() == previous_scores
        assert not GroupStat.objects.exclude(snapshot=previous).exists()
        assert not MunicipalityScore.objects.exclude(snapshot=previous).exists()

        with celery_worker(redis.url) as worker:
            assert recompute_stale_rounds() == [YEAR]
            wait_until(
                lambda: not Snapshot.objects.filter(pk=previous.pk).exists(),
                "the next run's snapshot",
                details=worker.output,
            )
        current = Snapshot.objects.get(round=survey_round, is_current=True)
        assert national_sl1(current) == (2, 3.0)
