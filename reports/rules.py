"""Rules of what a report may show (DESIGN.md): every figure with its n, small groups
hidden from everyone but national staff."""

from django.conf import settings


def is_suppressed(n: int | None, *, viewer_is_staff: bool) -> bool:
    """A group figure with n below the threshold is shown to national staff only."""
    return not viewer_is_staff and (n or 0) < settings.SMALL_GROUP_THRESHOLD
