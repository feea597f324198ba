"""Settings, read from the environment (see .env.example for every variable).

A bad value stops the start with a message that names the variable. With no DATABASE_URL
the app runs on SQLite, and with no REDIS_URL Celery runs tasks eagerly: the embedded
default that `make run` uses.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), not {raw!r}.")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = env.str(name, default=str(default)).strip()
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_int_list(name: str, default: list[int]) -> list[int]:
    raw = env.str(name, default=",".join(map(str, default)))
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not all(item.isdigit() for item in items):
        raise ImproperlyConfigured(f"{name} must be whole numbers and commas, not {raw!r}.")
    return [int(item) for item in items]


DEBUG = env_bool("DEBUG", False)

# Straight from the environment: django-environ would take a key that starts with "$"
# (one in 50 of Django's own generated keys) for a reference to another variable.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Django's admin: off unless turned on (its URLs do not exist until then).
ADMIN_ENABLED = env_bool("ADMIN_ENABLED", False)

INSTALLED_APPS = [
    "emognad.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "rest_framework",
    "drf_spectacular",
    "common",
    "emognad",
    "municipalities",
    "surveys",
    "reports",
    "privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Early, so the refusals of the middleware below it (BodyLimit's 413) carry it too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "emognad.middleware.ChosenLanguageMiddleware",
    # Before anything reads the body (CSRF reads the form's token from it).
    "emognad.middleware.BodyLimit",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "emognad.unavailable.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "emognad.urls"
WSGI_APPLICATION = "emognad.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "emognad.context_processors.navigation",
            ],
        },
    },
]

# Private names: a setting called *_URL is not masked on Django's debug pages.
_DATABASE_URL = env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
_DATABASE_SCHEME = urlsplit(_DATABASE_URL).scheme
# django-environ passes an unknown scheme on as the engine, and Django's error then never
# names the variable. Only the scheme goes in the message: the URL may hold a password.
if _DATABASE_SCHEME not in {"postgres", "postgresql", "pgsql", "psql", "sqlite"}:
    raise ImproperlyConfigured(
        f"DATABASE_URL must be a postgres:// or sqlite:// URL, not {_DATABASE_SCHEME!r}."
    )
try:
    DATABASES = {"default": env.db_url_config(_DATABASE_URL)}
except (ValueError, KeyError) as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"REDIS_URL must start with redis://, not {REDIS_URL!r}.")

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that stops answering is a cache miss within seconds, not a hung page.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Nobody reads a task's result (the heartbeat asks for its own): asking for them would
# also make every request that queues a task wait on the result store when Redis is down.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker retries a lost broker for ever (Celery's default gives up after 100 tries, about
# 50 minutes, and exits), every 2 s at first and at most every 30 s (kombu's, fixed).
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# A task running when the broker goes away finishes (a recompute commits, a mail is marked
# sent) rather than being killed: it cannot be acknowledged on the lost connection, so Redis
# gives it back after the visibility timeout, and every task here is safe to run twice.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3}
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TIMEZONE = "Europe/Stockholm"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "emognad.staticfiles.PlotlyFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

try:
    vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
except (ValueError, KeyError) as exc:
    raise ImproperlyConfigured(f"EMAIL_URL is not a valid e-mail URL: {exc}") from None
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="E-mognad <noreply@e-mognad.se>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Whom respondents ask about the survey: named in invitations and reminders, and their Reply-To.
SURVEY_CONTACT_EMAIL = env.str("SURVEY_CONTACT_EMAIL", default="")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": ["reports.api.throttling.AnonymousByAddress"],
    "DEFAULT_THROTTLE_RATES": {"anon": "120/minute"},
    "EXCEPTION_HANDLER": "reports.api.throttling.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "E-mognad API",
    "DESCRIPTION": "National aggregates of published rounds, and a municipality's own results.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Request bodies: at most 3 MiB (emognad.middleware.BodyLimit answers 413 before reading
# more; the contacts CSV, the largest upload, may be 2 MB). Of that, at most 1 MiB of form
# fields (a cornerstone page with every comment at its 2000 characters is some 40 KB) and
# 1 MiB of a file in memory, the rest of a file spooled to disk; past those Django's 400.
REQUEST_BODY_MAX_BYTES = 3 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 5

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Reminders go out this many days before an open round closes (beat, every morning).
REMINDER_DAYS_BEFORE_CLOSE = env_int_list("REMINDER_DAYS_BEFORE_CLOSE", [7, 2])

# A burst of submissions within this many seconds is one recompute of the reports.
RECOMPUTE_DELAY_SECONDS = env_int("RECOMPUTE_DELAY_SECONDS", 5)
RECOMPUTE_PENDING_TIMEOUT = 10 * 60

# A group figure with fewer respondents than this is shown to national staff only.
SMALL_GROUP_THRESHOLD = env_int("SMALL_GROUP_THRESHOLD", 5, minimum=1)
# Publishing a round in which fewer municipalities than this share (per cent) answered
# asks staff to confirm it a second time.
PUBLISH_MIN_PARTICIPATION = env_int("PUBLISH_MIN_PARTICIPATION", 50, minimum=0)
# The licence and source stated on a published round's open data.
OPEN_DATA_LICENCE = env.str("OPEN_DATA_LICENCE", default="CC BY 4.0")
OPEN_DATA_LICENCE_URL = env.str(
    "OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/"
)
OPEN_DATA_SOURCE = env.str(
    "OPEN_DATA_SOURCE", default="E-mognad, Sveriges Kommuner och Regioner (SKR)"
)

# Scripts, styles and everything else from the app itself: no inline script or style
# attribute anywhere, so an injected <script> or style="" does nothing. Plotly's own rules
# come as a file (templates/reports/_plotly.html); the one stylesheet its bundle still
# writes inline, MapLibre's, is allowed by its hash (tests/test_static.py recomputes it).
# Bootstrap's form controls draw data: SVGs.
PLOTLY_BUNDLED_STYLE = "'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, PLOTLY_BUNDLED_STYLE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
CSRF_FAILURE_VIEW = "emognad.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Health checks (a load balancer, the container's own) ask over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Invitation and password-reset tokens never reach the log ("Not Found: <path>").
    "filters": {"redact_tokens": {"()": "common.redaction.RedactTokens"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint narrates every step of every PDF at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
