"""Recomputes: replaced whole, idempotent, coalesced, and never in a submission's way."""

import pytest
from django.core.management import call_command
from django.db import connection

from reports import services
from reports.models import GroupStat, Snapshot
from reports.selectors.snapshots import rounds_needing_recompute
from reports.services import round_recompute
from reports.tasks import recompute_catch_up, round_recompute_task
from surveys import signals
from surveys.models import Answer, Response
from tests.factories import MunicipalityFactory, SurveyRoundFactory
from tests.reports.helpers import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey_round():
    survey_round = SurveyRoundFactory(year=2025)
    # Round ids restart with a new test database; a pending mark from an earlier run
    # (in Redis, which outlives the database) must not swallow this run's requests.
    services.recompute_claim(round_id=survey_round.pk)
    submit(survey_round, MunicipalityFactory(), {"SL1": 2})
    return survey_round


def national_total(survey_round) -> float:
    return GroupStat.objects.get(
        snapshot__round=survey_round,
        snapshot__is_current=True,
        population="all",
        dimension="nation",
        code="SL1",
    ).mean


def test_a_recompute_replaces_the_snapshot_whole(survey_round):
    first = round_recompute(survey_round=survey_round)
    submit(survey_round, MunicipalityFactory(), {"SL1": 4})

    second = round_recompute(survey_round=survey_round)

    assert second.pk != first.pk
    assert list(Snapshot.objects.filter(round=survey_round)) == [second]
    assert not GroupStat.objects.filter(snapshot_id=first.pk).exists()
    assert national_total(survey_round) == 3.0


def test_nothing_new_means_nothing_recomputed(survey_round):
    first = round_recompute(survey_round=survey_round)

    assert round_recompute(survey_round=survey_round).pk == first.pk
    assert round_recompute(survey_round=survey_round, force=True).pk != first.pk


def test_a_failed_recompute_leaves_the_previous_snapshot(survey_round, monkeypatch):
    first = round_recompute(survey_round=survey_round)
    submit(survey_round, MunicipalityFactory(), {"SL1": 4})

    def die(**kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(services, "aggregate_into", die)
    with pytest.raises(RuntimeError):
        round_recompute(survey_round=survey_round)

    assert list(Snapshot.objects.filter(round=survey_round, is_current=True)) == [first]
    assert national_total(survey_round) == 2.0


def test_a_submission_queues_a_recompute_that_runs(survey_round):
    response = Response.objects.get()

    signals.response_submitted.send(sender=Response, response=response)  # eager in tests

    assert Snapshot.objects.get(round=survey_round).is_current


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_the_worker_plans_its_recompute_on_the_answers_as_they_are_now(survey_round):
    for value in (1, 3, 4):
        submit(survey_round, MunicipalityFactory(), {"SL1": value, "SL2": value})

    round_recompute_task(survey_round.pk)

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'surveys_answer'")
        assert cursor.fetchone()[0] == Answer.objects.count() == 7


def test_requests_while_one_is_pending_are_coalesced(survey_round, monkeypatch):
    queued = []
    monkeypatch.setattr(
        "reports.tasks.round_recompute_task.apply_async",
        lambda args, countdown: queued.append(args),
    )

    for _ in range(290):
        services.recompute_request(round_id=survey_round.pk)

    assert queued == [(survey_round.pk,)]
    services.recompute_claim(round_id=survey_round.pk)
    services.recompute_request(round_id=survey_round.pk)
    assert len(queued) == 2


def test_a_broker_that_is_down_does_not_fail_the_request(survey_round, monkeypatch):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr("reports.tasks.round_recompute_task.apply_async", broker_down)

    services.recompute_request(round_id=survey_round.pk)  # no exception

    assert rounds_needing_recompute() == [survey_round]
    monkeypatch.undo()
    services.recompute_request(round_id=survey_round.pk)  # the catch-up, broker back
    assert rounds_needing_recompute() == []


def test_a_worker_that_connects_recomputes_stale_rounds_whatever_is_marked_pending(
    survey_round, monkeypatch
):
    """The mark of a recompute a lost connection took with it would swallow every request
    for ten minutes; the worker's catch-up on connecting does not wait for it."""
    queued = []
    monkeypatch.setattr(
        "reports.tasks.round_recompute_task.apply_async",
        lambda args, countdown: queued.append(args),
    )
    services.recompute_request(round_id=survey_round.pk)  # held by a worker, then lost
    services.recompute_request(round_id=survey_round.pk)
    assert queued == [(survey_round.pk,)]
    monkeypatch.undo()

    assert recompute_catch_up() == [2025]

    assert rounds_needing_recompute() == []
    assert national_total(survey_round) == 2.0
    assert recompute_catch_up() == []  # nothing stale: nothing queued


def test_recompute_reports_command(survey_round, capsys):
    call_command("recompute_reports", "--round", "2025")

    assert "Round 2025: 1 submitted responses" in capsys.readouterr().out
    assert Snapshot.objects.get(round=survey_round).is_current


def test_recompute_reports_for_every_round(survey_round, capsys):
    later = SurveyRoundFactory(year=2026, previous_round=survey_round)

    call_command("recompute_reports", "--all")

    out = capsys.readouterr().out
    assert "Round 2025: 1 submitted responses" in out and "Round 2026: 0 submitted" in out
    assert Snapshot.objects.filter(is_current=True).count() == 2
    assert Snapshot.objects.get(round=later).responses == 0


def test_recompute_reports_needs_a_round_or_all():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("recompute_reports")
    with pytest.raises(CommandError, match="no survey round for 1999"):
        call_command("recompute_reports", "--round", "1999")
