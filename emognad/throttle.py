"""Counting attempts that guess (wrong passwords, links that lead nowhere) or flood
(requests for password-reset mail), to slow them down.

The counts live in the cache, which is Redis in production, so every web process sees
the same ones; a window starts with the first attempt and ends `window_seconds` later.
A cache that is down throttles nobody: locking everyone out would be worse than letting
a guesser through for the minutes Redis is away, since a link or a password still has
to be right.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from emognad.cache import cache_count, cache_delete, cache_get


@dataclass(frozen=True)
class Throttle:
    scope: str
    limit: int
    window_seconds: int

    def blocked(self, *subjects: str) -> bool:
        """Whether any of the subjects (an address, a user name) has tried too often."""
        return any((cache_get(self._key(subject)) or 0) >= self.limit for subject in subjects)

    def count(self, *subjects: str) -> None:
        for subject in subjects:
            cache_count(self._key(subject), timeout=self.window_seconds)

    def forget(self, *subjects: str) -> None:
        for subject in subjects:
            cache_delete(self._key(subject))

    @property
    def window_minutes(self) -> int:
        return max(1, round(self.window_seconds / 60))

    def _key(self, subject: str) -> str:
        # Hashed: a user name may hold anything, and the cache keeps no personal data.
        digest = hashlib.sha256(subject.strip().lower().encode()).hexdigest()
        return f"throttle:{self.scope}:{digest}"


def client_address(request: HttpRequest) -> str:
    """The visitor's address. Behind our TLS proxy it is the last address the proxy added
    to X-Forwarded-For; anything before it was written by the client and proves nothing."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.headers.get("X-Forwarded-For", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


LOGIN_BY_ADDRESS = Throttle("login-address", limit=30, window_seconds=15 * 60)
LOGIN_BY_ACCOUNT = Throttle("login-account", limit=10, window_seconds=15 * 60)
INVITATION_LINKS = Throttle("invitation-link", limit=10, window_seconds=15 * 60)
PASSWORD_RESETS_BY_ADDRESS = Throttle("reset-address", limit=10, window_seconds=60 * 60)
PASSWORD_RESETS_BY_ACCOUNT = Throttle("reset-account", limit=3, window_seconds=60 * 60)
