"""The Celery application. Periodic tasks are declared here, in one place."""

import logging
import os

from celery import Celery, bootsteps
from celery.schedules import crontab

from common import broker

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emognad.settings")
broker.register()  # before any connection is made: see emognad/broker.py

logger = logging.getLogger(__name__)

app = Celery("emognad")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class CatchUpOnConnect(bootsteps.StartStopStep):
    """Each time the worker connects to the broker, at its start and after every outage,
    it asks for the reports that are out of date to be recomputed.

    A connection that went away took the recomputes this worker held (one waits out its
    delay before it runs) with it: the worker forgets them, and Redis gives them back only
    after the visibility timeout, or never if Redis restarted without them. Waiting for
    beat's catch-up would leave the reports stale for up to 10 minutes.
    """

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def start(self, consumer) -> None:
        try:
            consumer.app.send_task("reports.tasks.recompute_catch_up")
        except Exception as exc:  # gone again already: the next connection asks again
            logger.warning("Could not ask for the reports' catch-up: %r", exc)


app.steps["consumer"].add(CatchUpOnConnect)

app.conf.beat_schedule = {
    "worker-heartbeat": {
        "task": "emognad.tasks.worker_heartbeat",
        "schedule": crontab(minute="*"),
    },
    "close-rounds-past-their-last-day": {
        "task": "surveys.tasks.rounds_close_due",
        "schedule": crontab(hour=0, minute=5),
    },
    "recompute-stale-reports": {
        "task": "reports.tasks.recompute_stale_rounds",
        "schedule": crontab(minute="*/10"),
    },
    "requeue-stalled-mail": {
        "task": "surveys.tasks.invitations_requeue_stalled",
        "schedule": crontab(minute="*/10"),
    },
    "send-scheduled-reminders": {
        "task": "surveys.tasks.reminders_send_due",
        "schedule": crontab(hour=8, minute=0),
    },
}
