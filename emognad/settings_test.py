"""Settings for the test suite: the same as production's, made fast and deterministic.

DATABASE_URL and REDIS_URL come from the environment as usual (CI sets both, for
PostgreSQL and Redis). Tasks run eagerly unless a test starts a real worker.
"""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-secret-key-" + "x" * 40)
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")

from emognad.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
LANGUAGE_COOKIE_SECURE = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Static files straight from the finders: no collectstatic before a test run. No
# autorefresh: it rescans the files on every request, which the benchmarks would measure.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
# Each test process its own cache: Redis outlives a test database (whose ids start
# again), and the broker's Redis is no place for tests to clear.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
