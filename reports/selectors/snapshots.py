"""The snapshot reads every report page builds on: one query each."""

from django.db.models import QuerySet

from reports.models import GroupStat, MunicipalityScore, Population, Snapshot


def current_snapshot_id(round_id: int) -> int | None:
    """Read once per page; every later query filters on it, so a page never mixes two
    computations even if a recompute commits while it renders."""
    return (
        Snapshot.objects.filter(round_id=round_id, is_current=True)
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
