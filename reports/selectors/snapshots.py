"""The snapshot reads every report page builds on: one query each."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Max, Q, QuerySet

from reports.models import (
    GroupStat,
    Level,
    MunicipalityScore,
    Population,
    Snapshot,
    SnapshotKind,
)
from surveys.models import ResponseKind, ResponseStatus, RoundStatus, SurveyRound


def current_snapshot(round_id: int, kind: str = SnapshotKind.COMPUTED) -> Snapshot | None:
    """The round's current snapshot of the kind, if there is one. Read it once per page
    and filter every later query on its id, so a page never mixes two computations even
    if a recompute commits while it renders."""
    return Snapshot.objects.filter(round_id=round_id, kind=kind, is_current=True).first()


def current_snapshot_id(round_id: int, kind: str = SnapshotKind.COMPUTED) -> int | None:
    """As current_snapshot, when the id is all a page needs."""
    return (
        Snapshot.objects.filter(round_id=round_id, kind=kind, is_current=True)
        .values_list("pk", flat=True)
        .first()
    )


def group_stats(
    snapshot_id: int | None, *, populations=(Population.ALL,), dimensions=("nation",), keys=None
) -> QuerySet[GroupStat]:
    stats = GroupStat.objects.filter(
        snapshot_id=snapshot_id, population__in=populations, dimension__in=dimensions
    )
    return stats.filter(group_key__in=keys) if keys is not None else stats


def municipality_scores(snapshot_id: int | None, **filters) -> QuerySet[MunicipalityScore]:
    return MunicipalityScore.objects.filter(snapshot_id=snapshot_id, **filters)


def municipal_totals(snapshot_id: int | None) -> QuerySet[MunicipalityScore]:
    """Every municipality's total that has a value: the distribution pages draw."""
    return municipality_scores(snapshot_id, level=Level.TOTAL, score__isnull=False)


@dataclass(frozen=True)
class ViewerSnapshots:
    """Which snapshots a viewer's page reads (docs/figures.md, "Who sees which figures"):
    `figures` for everything about other municipalities, `own` for the municipality's
    own scores. A member sees its own answers at once and the others' as released."""

    figures: Snapshot | None
    own: Snapshot | None
    figures_kind: str = SnapshotKind.COMPUTED

    @property
    def is_release(self) -> bool:
        """Whether the figures about others are a release (or would be, once made): the
        municipality's place among them must then be worked out against them."""
        return self.figures_kind == SnapshotKind.RELEASED

    @property
    def figures_id(self) -> int | None:
        return self.figures.pk if self.figures else None

    @property
    def own_id(self) -> int | None:
        return self.own.pk if self.own else None


def viewer_kinds(survey_round: SurveyRound, *, viewer_is_staff: bool) -> tuple[str, str]:
    """The kinds of snapshot (figures, own) a viewer reads of the round."""
    if viewer_is_staff:
        return SnapshotKind.COMPUTED, SnapshotKind.COMPUTED
    if survey_round.status == RoundStatus.PUBLISHED:
        return SnapshotKind.PUBLISHED, SnapshotKind.PUBLISHED
    return SnapshotKind.RELEASED, SnapshotKind.COMPUTED


def viewer_snapshot_filter(*, viewer_is_staff: bool, own: bool, prefix: str = "") -> Q:
    """As viewer_kinds, for every round at once: the current snapshots a viewer reads,
    the municipality's own scores (`own`) or the figures about others."""
    current = Q(**{f"{prefix}is_current": True})
    if viewer_is_staff:
        return current & Q(**{f"{prefix}kind": SnapshotKind.COMPUTED})
    published = Q(**{f"{prefix}round__status": RoundStatus.PUBLISHED})
    unpublished_kind = SnapshotKind.COMPUTED if own else SnapshotKind.RELEASED
    return current & (
        (published & Q(**{f"{prefix}kind": SnapshotKind.PUBLISHED}))
        | (~published & Q(**{f"{prefix}kind": unpublished_kind}))
    )


def viewer_snapshots(survey_round: SurveyRound, *, viewer_is_staff: bool) -> ViewerSnapshots:
    """One query: the current snapshots of the kinds the viewer reads."""
    figures_kind, own_kind = viewer_kinds(survey_round, viewer_is_staff=viewer_is_staff)
    snapshots = Snapshot.objects.filter(
        round_id=survey_round.pk, is_current=True, kind__in={figures_kind, own_kind}
    )
    if figures_kind == SnapshotKind.RELEASED:
        snapshots = snapshots.prefetch_related("released_groups")
    current = {snapshot.kind: snapshot for snapshot in snapshots}
    return ViewerSnapshots(
        figures=current.get(figures_kind), own=current.get(own_kind), figures_kind=figures_kind
    )


@dataclass(frozen=True)
class Place:
    """A municipality's place on one code among the others: 1 + how many are above it,
    of how many have a value, and the share of the others below it (0–100)."""

    rank: int | None
    ranked: int
    percentile: float | None


# A score with no value, or with no released figures to stand among, has no place.
NO_PLACE = Place(rank=None, ranked=0, percentile=None)


_PLACES = """
SELECT m.code,
       SUM(CASE WHEN o.score > m.score THEN 1 ELSE 0 END),
       SUM(CASE WHEN o.score < m.score THEN 1 ELSE 0 END),
       COUNT(o.id)
FROM reports_municipalityscore m
LEFT JOIN reports_municipalityscore o
    ON o.snapshot_id = %(figures)s AND o.level = m.level AND o.code = m.code
    AND o.municipality_id <> m.municipality_id AND o.score IS NOT NULL
WHERE m.snapshot_id = %(own)s AND m.municipality_id = %(municipality)s
  AND m.score IS NOT NULL
GROUP BY m.code
"""


def own_places(snapshots: ViewerSnapshots, municipality_id: int) -> dict[str, Place]:
    """The municipality's own scores placed among the other municipalities' scores of the
    figures snapshot: so a member's rank moves only when the released figures do. A code
    missing from the answer has no place (NO_PLACE)."""
    if snapshots.own is None or snapshots.figures is None:
        return {}
    params = {
        "figures": snapshots.figures_id,
        "own": snapshots.own_id,
        "municipality": municipality_id,
    }
    with connection.cursor() as cursor:
        cursor.execute(_PLACES, params)
        rows = cursor.fetchall()
    return {
        code: Place(
            rank=1 + (above or 0),
            ranked=others + 1,
            percentile=100.0 * (below or 0) / others if others else None,
        )
        for code, above, below, others in rows
    }


def distribution_totals(
    snapshots: ViewerSnapshots, municipality_id: int
) -> tuple[list, int | None]:
    """Every municipal total the viewer may see, ascending, and the position of the
    municipality's own: the others from the figures snapshot, its own from `own`. One
    query."""
    rows = (
        MunicipalityScore.objects.filter(level=Level.TOTAL, score__isnull=False)
        .filter(
            Q(snapshot_id=snapshots.figures_id) & ~Q(municipality_id=municipality_id)
            | Q(snapshot_id=snapshots.own_id, municipality_id=municipality_id)
        )
        .values_list("municipality_id", "score")
    )
    others, own = [], None
    for municipality, score in rows:
        if municipality == municipality_id:
            own = score
        else:
            others.append(score)
    if own is None:
        return sorted(others), None
    above = sum(1 for total in others if total > own)
    # As the stored rank places it: after every total above it.
    return sorted([*others, own]), len(others) - above


def source_state(survey_round: SurveyRound) -> tuple[int, object]:
    """How many official responses are submitted and when one last changed: what a snapshot
    was computed from, so that a different state means the snapshot is out of date."""
    state = survey_round.responses.filter(kind=ResponseKind.OFFICIAL).aggregate(
        submitted=Count("pk", filter=Q(status=ResponseStatus.SUBMITTED)),
        updated=Max("updated_at"),
    )
    return state["submitted"], state["updated"]


def rounds_needing_recompute() -> list[SurveyRound]:
    """Rounds whose responses changed after their current snapshot (the catch-up)."""
    stale = []
    for survey_round in SurveyRound.objects.filter(responses__isnull=False).distinct():
        current = current_snapshot(survey_round.pk)
        if current is None or (current.responses, current.source_updated_at) != source_state(
            survey_round
        ):
            stale.append(survey_round)
    return stale


def publication_outdated(survey_round: SurveyRound) -> bool:
    """Whether the responses of a published round changed after its figures were fixed."""
    if survey_round.status != RoundStatus.PUBLISHED:
        return False
    published = current_snapshot(survey_round.pk, kind=SnapshotKind.PUBLISHED)
    if published is None:
        return False
    return (published.responses, published.source_updated_at) != source_state(survey_round)
