"""Counting attempts that guess (wrong passwords, links that lead nowhere) or flood
(requests for password-reset mail), to slow them down.

The counts live in the cache, which is Redis in production, so every web process sees
the same ones; a window starts with the first attempt and ends `window_seconds` later.
A cache that is down throttles nobody: locking everyone out would be worse than letting
a guesser through for the minutes Redis is away, since a link or a password still has
to be right.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import ngettext

from common.cache import cache_count, cache_delete, cache_get, cache_set


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
        return _hashed_key(self.scope, subject)


@dataclass(frozen=True)
class Backoff:
    """A growing wait after each failure of one subject (an account tried from one
    address): `first_seconds` after the first, doubling to at most `max_seconds`.

    Unlike a lock on the account, a guesser at one address slows down only themselves:
    the account's owner, anywhere else, is never kept out by someone else's mistakes. A
    success forgets the failures. They are forgotten too once `max_seconds` have passed
    since the last one, so the wait never outlives a quarter of an hour of quiet.
    """

    scope: str
    first_seconds: int
    max_seconds: int

    def wait_seconds(self, subject: str) -> int:
        """Seconds until the subject may try again (0: now)."""
        state = cache_get(_hashed_key(self.scope, subject))
        if not state:
            return 0
        failures, last = state
        remaining = last + self._delay(failures) - now()
        return max(0, int(remaining + 0.999))

    def fail(self, subject: str) -> None:
        key = _hashed_key(self.scope, subject)
        failures = (cache_get(key) or (0, 0))[0] + 1
        cache_set(key, (failures, now()), timeout=self.max_seconds)

    def forget(self, subject: str) -> None:
        cache_delete(_hashed_key(self.scope, subject))

    def _delay(self, failures: int) -> int:
        return min(self.first_seconds * 2 ** (failures - 1), self.max_seconds)


def now() -> float:
    """The clock the waits are measured on (tests move it instead of sleeping)."""
    return time.time()


def wait_text(seconds: int) -> str:
    """A wait as a person reads it: "3 sekunder", "2 minuter"."""
    if seconds < 60:
        return ngettext("%(n)d sekund", "%(n)d sekunder", seconds) % {"n": seconds}
    minutes = (seconds + 59) // 60
    return ngettext("%(n)d minut", "%(n)d minuter", minutes) % {"n": minutes}


def pair(account: str, address: str) -> str:
    """One subject for an account tried from one address."""
    return f"{account.strip().lower()}\n{address}"


def _hashed_key(scope: str, subject: str) -> str:
    # Hashed: a user name may hold anything, and the cache keeps no personal data.
    digest = hashlib.sha256(subject.strip().lower().encode()).hexdigest()
    return f"throttle:{scope}:{digest}"


def client_address(request: HttpRequest) -> str:
    """The visitor's address. Behind our TLS proxy it is the last address the proxy added
    to X-Forwarded-For; anything before it was written by the client and proves nothing."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.headers.get("X-Forwarded-For", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


# Wrong passwords: each account from each address waits 1 s, 2 s, 4 s … up to 15 minutes
# after a failure; one address failing on any accounts stops after 30 in 15 minutes.
LOGIN_BY_ACCOUNT_AND_ADDRESS = Backoff("login-pair", first_seconds=1, max_seconds=15 * 60)
LOGIN_BY_ADDRESS = Throttle("login-address", limit=30, window_seconds=15 * 60)
INVITATION_LINKS = Throttle("invitation-link", limit=10, window_seconds=15 * 60)
# Password-reset mail: 3 an hour to an account from one address, 10 from an address to any,
# 10 to an account from anywhere (its inbox is not to be flooded).
PASSWORD_RESETS_BY_ACCOUNT_AND_ADDRESS = Throttle("reset-pair", limit=3, window_seconds=60 * 60)
PASSWORD_RESETS_BY_ADDRESS = Throttle("reset-address", limit=10, window_seconds=60 * 60)
PASSWORD_RESETS_BY_ACCOUNT = Throttle("reset-account", limit=10, window_seconds=60 * 60)
# New PDFs (WeasyPrint, a second or more of a web worker each) per visitor.
PDF_RENDERS = Throttle("pdf-render", limit=10, window_seconds=5 * 60)
