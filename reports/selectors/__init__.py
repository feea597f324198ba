"""Reads of the reports app: every page reads one round's current snapshot."""

from reports.selectors.snapshots import (
    current_snapshot,
    current_snapshot_id,
    group_stats,
    municipal_totals,
    municipality_scores,
)

__all__ = [
    "current_snapshot",
    "current_snapshot_id",
    "group_stats",
    "municipal_totals",
    "municipality_scores",
]
