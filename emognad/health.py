"""State of the services the app depends on, for /healthz."""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.db.backends.base.base import BaseDatabaseWrapper
from kombu import Connection

from emognad.models import WorkerHeartbeat
from emognad.unavailable import first_line

logger = logging.getLogger(__name__)


def database_state(connection: BaseDatabaseWrapper) -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        logger.warning("Database health check failed (%s)", first_line(exc))
        return "error"
    return "ok"


def broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER and not settings.REDIS_URL:
        return "eager"
    # Read from settings, not the Celery app's cached conf, so the answer follows them.
    # No retry: a load balancer asks again, and a retry only delays the 503.
    broker = Connection(
        settings.CELERY_BROKER_URL, transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS
    )
    try:
        with broker:
            broker.ensure_connection(max_retries=0, timeout=2)
    except Exception as exc:  # kombu raises transport-specific errors
        logger.warning("Broker health check failed (%s)", first_line(exc))
        return "error"
    return "ok"


def worker_last_seen() -> str | None:
    try:
        heartbeat = WorkerHeartbeat.objects.order_by("-seen_at").first()
    except DatabaseError:
        return None
    return heartbeat.seen_at.isoformat() if heartbeat else None
