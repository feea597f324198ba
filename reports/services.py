"""Writes of the reports app: recomputing a round's snapshot and asking for it, releasing
figures of a round that is not published, and publishing them (docs/figures.md)."""

import logging
import time

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.cache import cache_add, cache_delete
from reports import release
from reports.aggregation import aggregate_into
from reports.models import Publication, ReleasedGroup, Snapshot, SnapshotKind, SnapshotMember
from reports.selectors.snapshots import (
    current_snapshot,
    publication_outdated,
    rounds_needing_recompute,
    source_state,
)
from surveys.models import (
    Answer,
    Indicator,
    Response,
    RoundStatus,
    SurveyRound,
)

logger = logging.getLogger(__name__)


class PublicationError(Exception):
    """A publication refused, with a message for the person who asked."""


def round_recompute(*, survey_round: SurveyRound, force: bool = False) -> Snapshot:
    """Compute the round's reports into a new snapshot and make it the current one; then,
    for a round that is not published, release what has changed enough.

    One transaction: a recompute that dies half-way leaves the previous snapshot in
    place, and readers never see a half-written one. Recomputes of one round queue up
    behind a row lock. With nothing changed since the current snapshot, nothing is done.
    A recompute never changes a published round's published figures (docs/figures.md).
    """
    with transaction.atomic():
        survey_round, snapshot, fresh = _computed_current(survey_round, force=force)
        if survey_round.status == RoundStatus.PUBLISHED:
            # A round published before its figures were fixed (or made so by hand) gets
            # them now, so a published round always has them.
            if current_snapshot(survey_round.pk, kind=SnapshotKind.PUBLISHED) is None:
                _publish(survey_round, snapshot, by=None, reason="")
        elif fresh or current_snapshot(survey_round.pk, kind=SnapshotKind.RELEASED) is None:
            round_release(survey_round=survey_round, computed=snapshot)
    return snapshot


def _computed_current(
    survey_round: SurveyRound, *, force: bool = False
) -> tuple[SurveyRound, Snapshot, bool]:
    """Lock the round and bring its computed snapshot up to date: the round as locked,
    the current computed snapshot, and whether it was computed just now."""
    started = time.monotonic()
    survey_round = SurveyRound.objects.select_for_update().get(pk=survey_round.pk)
    responses, updated = source_state(survey_round)
    current = current_snapshot(survey_round.pk)
    if (
        current
        and not force
        and (current.responses, current.source_updated_at)
        == (
            responses,
            updated,
        )
    ):
        return survey_round, current, False
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
    snapshot.finished_at = timezone.now()
    snapshot.duration_ms = int((time.monotonic() - started) * 1000)
    _make_current(snapshot)
    return survey_round, snapshot, True


def _make_current(snapshot: Snapshot) -> None:
    """The snapshot replaces the round's current one of its kind, which is deleted."""
    Snapshot.objects.filter(round_id=snapshot.round_id, kind=snapshot.kind).exclude(
        pk=snapshot.pk
    ).delete()
    snapshot.is_current = True
    snapshot.save()


def _indicator_codes(survey_round: SurveyRound) -> list[str]:
    return list(
        Indicator.objects.filter(cornerstone__questionnaire_id=survey_round.questionnaire_id)
        .order_by("cornerstone__order", "order", "code")
        .values_list("code", flat=True)
    )


def round_release(*, survey_round: SurveyRound, computed: Snapshot) -> Snapshot | None:
    """Move on what viewers other than national staff see of the round: every group in
    which at least k responses (the small-group threshold) were added, dropped or changed
    since its last release takes the computed figures; the others keep theirs. So one
    more submission, or one edited answer, changes nothing they see, and no difference
    between two of their views comes from fewer than k municipalities.

    Call inside the transaction that made `computed`. Returns the current release."""
    previous = current_snapshot(survey_round.pk, kind=SnapshotKind.RELEASED)
    if not SnapshotMember.objects.filter(snapshot=computed).exists():
        release.members_fill(snapshot_id=computed.pk, codes=_indicator_codes(survey_round))
    changes = release.group_changes(
        computed_id=computed.pk, released_id=previous.pk if previous else None
    )
    moved = {group for group, n in changes.items() if n >= settings.SMALL_GROUP_THRESHOLD}
    if not moved:
        return previous
    now = timezone.now()
    sizes = release.group_sizes(snapshot_id=computed.pk)
    snapshot = Snapshot.objects.create(
        round=survey_round,
        kind=SnapshotKind.RELEASED,
        source_updated_at=computed.source_updated_at,
        started_at=now,
    )
    kept = [
        ReleasedGroup(
            snapshot=snapshot,
            population=group.population,
            dimension=group.dimension,
            group_key=group.group_key,
            responses=group.responses,
            released_at=group.released_at,
            source_snapshot_id=group.source_snapshot_id,
        )
        for group in (previous.released_groups.all() if previous else [])
        if (group.population, group.dimension, group.group_key) not in moved
    ]
    fresh = [
        ReleasedGroup(
            snapshot=snapshot,
            population=population,
            dimension=dimension,
            group_key=key,
            responses=sizes[(population, dimension, key)],
            released_at=now,
            source_snapshot_id=computed.pk,
        )
        for population, dimension, key in moved
        if sizes.get((population, dimension, key))
    ]
    ReleasedGroup.objects.bulk_create(kept + fresh)
    nation_moved = release.NATION in moved or previous is None
    release.released_rows_copy(
        target_id=snapshot.pk,
        computed_id=computed.pk,
        previous_id=previous.pk if previous else None,
        scores_from=computed.pk if nation_moved else previous.pk,
    )
    snapshot.responses = sizes.get(release.NATION, 0) if nation_moved else previous.responses
    snapshot.finished_at = timezone.now()
    _make_current(snapshot)
    return snapshot


def round_publication_freeze(
    *, survey_round: SurveyRound, by=None, reason: str = ""
) -> Publication:
    """Fix the round's figures as they are computed now: the published snapshot is what
    everyone but national staff sees from then on. Releases are no longer needed."""
    with transaction.atomic():
        survey_round, computed, _fresh = _computed_current(survey_round)
        return _publish(survey_round, computed, by=by, reason=reason)


def round_republish(*, survey_round: SurveyRound, by, reason: str) -> Publication:
    """Publish a published round's figures again, after its responses changed (an import
    with --replace, a correction): only with a reason, which the report shows."""
    reason = reason.strip()
    if not reason:
        raise PublicationError(_("Skriv varför omgången publiceras igen."))
    with transaction.atomic():
        survey_round, computed, _fresh = _computed_current(survey_round)
        if survey_round.status != RoundStatus.PUBLISHED:
            raise PublicationError(_("Bara en publicerad omgång kan publiceras igen."))
        if not publication_outdated(survey_round):
            raise PublicationError(
                _("Inget har ändrats sedan omgången publicerades; den publiceras inte igen.")
            )
        return _publish(survey_round, computed, by=by, reason=reason)


def _publish(survey_round: SurveyRound, computed: Snapshot, *, by, reason: str) -> Publication:
    now = timezone.now()
    published = Snapshot.objects.create(
        round=survey_round,
        kind=SnapshotKind.PUBLISHED,
        responses=computed.responses,
        source_updated_at=computed.source_updated_at,
        started_at=now,
    )
    release.snapshot_rows_copy(target_id=published.pk, source_id=computed.pk)
    published.finished_at = timezone.now()
    _make_current(published)
    Snapshot.objects.filter(round=survey_round, kind=SnapshotKind.RELEASED).delete()
    publication = Publication.objects.create(
        round=survey_round,
        published_at=now,
        published_by=by,
        reason=reason,
        responses=computed.responses,
    )
    logger.info(
        "Round %s published%s with %s responses by %s%s",
        survey_round.year,
        " again" if reason else "",
        computed.responses,
        getattr(by, "email", None) or "the system",
        f": {reason}" if reason else "",
    )
    return publication


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
