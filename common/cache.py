"""The cache as something the app can do without.

In production the cache is Redis, the broker's Redis. When it is down a read is a miss
and a write is skipped, with a warning in the log: a page or a submission carries on
without it rather than failing with a server error.
"""

import logging
from typing import Any

from django.core.cache import cache

logger = logging.getLogger(__name__)


def cache_get(key: str) -> Any:
    try:
        return cache.get(key)
    except Exception:  # each backend has errors of its own (redis.exceptions for Redis)
        logger.warning("The cache did not answer: %s read as missing", key, exc_info=True)
        return None


def cache_set(key: str, value: Any, *, timeout: int) -> None:
    try:
        cache.set(key, value, timeout=timeout)
    except Exception:
        logger.warning("The cache did not answer: %s not stored", key, exc_info=True)


def cache_add(key: str, value: Any, *, timeout: int) -> bool | None:
    """True if added, False if the key was there, None if the cache could not say."""
    try:
        return cache.add(key, value, timeout=timeout)
    except Exception:
        logger.warning("The cache did not answer: %s not added", key, exc_info=True)
        return None


def cache_count(key: str, *, timeout: int) -> None:
    """One more in a counter that lives `timeout` seconds from its first count."""
    try:
        if not cache.add(key, 1, timeout=timeout):
            cache.incr(key)
    except ValueError:  # it expired between add and incr: this count starts a new one
        cache_add(key, 1, timeout=timeout)
    except Exception:
        logger.warning("The cache did not answer: %s not counted", key, exc_info=True)


def cache_delete(key: str) -> None:
    try:
        cache.delete(key)
    except Exception:
        logger.warning("The cache did not answer: %s not deleted", key, exc_info=True)
