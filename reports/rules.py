"""Rules of what a report may show (DESIGN.md): every figure with its n, small groups
hidden from everyone but national staff."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings


def is_suppressed(n: int | None, *, viewer_is_staff: bool) -> bool:
    """A group figure with n below the threshold is shown to national staff only."""
    return not viewer_is_staff and (n or 0) < settings.SMALL_GROUP_THRESHOLD


def rounded(value: float) -> float:
    """The value as pages show it: one decimal, halves up (as the `score` filter)."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def shown_difference(value: float | None, other: float | None) -> float | None:
    """A change or difference as every page states it: between the figures as shown, so
    the text agrees with the figures beside it (2,5 against 2,4 is 0,1 over, whatever the
    decimals behind them). Full precision stays in the snapshot and the exports."""
    if value is None or other is None:
        return None
    return round(rounded(value) - rounded(other), 1)
