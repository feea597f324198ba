"""Writes of the reports app: recomputing a round's snapshot, and asking for it."""

import logging
import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from emognad.cache import cache_add, cache_delete
from reports.aggregation import aggregate_into
from reports.models import Snapshot
from reports.selectors.snapshots import current_snapshot
from surveys.models import Answer, Response, ResponseKind, ResponseStatus, SurveyRound

logger = logging.getLogger(__name__)


def _source_state(survey_round: SurveyRound) -> tuple[int, object]:
    state = survey_round.responses.filter(kind=ResponseKind.OFFICIAL).aggregate(
        submitted=Count("pk", filter=Q(status=ResponseStatus.SUBMITTED)),
        updated=Max("updated_at"),
    )
    return state["submitted"], state["updated"]


def round_recompute(*, survey_round: SurveyRound, force: bool = False) -> Snapshot:
    """Compute the round's reports into a new snapshot and make it the current one.

    One transaction: a recompute that dies half-way leaves the previous snapshot in
    place, and readers never see a half-written one. Recomputes of one round queue up
    behind a row lock. With nothing changed since the current snapshot, nothing is done.
    """
    started = time.monotonic()
    with transaction.atomic():
        survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
        responses, updated = _source_state(survey_round)
        current = current_snapshot(survey_round.pk)
        if (
            current
            and not force
            and (current.responses, current.source_updated_at) == (responses, updated)
        ):
            return current
        snapshot = Snapshot.objects.create(
            round=survey_round,
            responses=responses,
            source_updated_at=updated,
            started_at=timezone.now(),
        )
        aggregate_into(
            snapshot_id=snapshot.pk,
            round_id=survey_round.pk,
            previous_round_id=survey_round.previous_round_id,
        )
        Snapshot.objects.filter(round=survey_round).exclude(pk=snapshot.pk).delete()
        snapshot.is_current = True
        snapshot.finished_at = timezone.now()
        snapshot.duration_ms = int((time.monotonic() - started) * 1000)
        snapshot.save(update_fields=["is_current", "finished_at", "duration_ms"])
    return snapshot


def source_statistics_refresh() -> None:
    """Fresh planner statistics for the tables a recompute reads. On deadline day answers
    pour in faster than autovacuum looks at them, and a plan made for the morning's table
    sizes took ten times as long by the afternoon. ANALYZE samples a bounded number of
    rows, so this costs milliseconds whatever the tables' size."""
    if connection.vendor != "postgresql":
        return
    tables = [Answer._meta.db_table, Response._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def _pending_key(round_id: int) -> str:
    return f"reports:recompute-pending:{round_id}"


def recompute_request(*, round_id: int) -> None:
    """Queue one recompute for the round; requests while one is pending are coalesced.

    A broker or cache that is down must not fail the submission that asked: the failure
    is logged, and the next request or the periodic catch-up recomputes everything.
    """
    from reports.tasks import round_recompute_task

    key = _pending_key(round_id)
    marked = cache_add(key, 1, timeout=settings.RECOMPUTE_PENDING_TIMEOUT)
    if marked is False:  # one is pending (None: the cache cannot say, so queue one)
        return
    try:
        round_recompute_task.apply_async((round_id,), countdown=settings.RECOMPUTE_DELAY_SECONDS)
    except Exception:  # kombu's errors differ by transport; any of them means "not queued"
        if marked:
            cache_delete(key)
        logger.warning("Could not queue a recompute of round %s", round_id, exc_info=True)


def recompute_claim(*, round_id: int) -> None:
    """The worker starts: requests from now on queue another run."""
    cache_delete(_pending_key(round_id))


def recompute_catch_up() -> list[SurveyRound]:
    """Queue a recompute of every round whose reports are out of date, pending or not.

    Run when a worker connects to the broker: a recompute that was pending when the
    connection went may never run, and its mark in the cache would hold back every request
    (and the periodic catch-up) until it expires. Dropping the mark costs at most one
    recompute too many, which finds nothing changed and does nothing.
    """
    rounds = rounds_needing_recompute()
    for survey_round in rounds:
        recompute_claim(round_id=survey_round.pk)
        recompute_request(round_id=survey_round.pk)
    return rounds


def rounds_needing_recompute() -> list[SurveyRound]:
    """Rounds whose responses changed after their current snapshot (the catch-up)."""
    stale = []
    for survey_round in SurveyRound.objects.filter(responses__isnull=False).distinct():
        current = current_snapshot(survey_round.pk)
        if current is None or (current.responses, current.source_updated_at) != _source_state(
            survey_round
        ):
            stale.append(survey_round)
    return stale
