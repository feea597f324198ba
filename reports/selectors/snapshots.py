"""The snapshot reads every report page builds on: one query each."""

from django.db.models import QuerySet

from reports.models import GroupStat, Level, MunicipalityScore, Population, Snapshot


def current_snapshot(round_id: int) -> Snapshot | None:
    """The round's current snapshot, if it has been computed. Read it once per page and
    filter every later query on its id, so a page never mixes two computations even if a
    recompute commits while it renders."""
    return Snapshot.objects.filter(round_id=round_id, is_current=True).first()


def current_snapshot_id(round_id: int) -> int | None:
    """As current_snapshot, when the id is all a page needs."""
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


def municipal_totals(snapshot_id: int | None) -> QuerySet[MunicipalityScore]:
    """Every municipality's total that has a value: the distribution pages draw."""
    return municipality_scores(snapshot_id, level=Level.TOTAL, score__isnull=False)
