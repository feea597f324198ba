"""A worker process of the fault tests: the test settings, with the cache on the broker's
Redis as in production, so that the worker's claim of a pending recompute is seen by the
app that asked for it, and the tasks it queues itself queued, not run on the spot."""

from emognad.settings_test import *  # noqa: F403

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,  # noqa: F405
    }
}
CELERY_TASK_ALWAYS_EAGER = False
