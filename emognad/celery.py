"""The Celery application. Periodic tasks are declared here, in one place."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emognad.settings")

app = Celery("emognad")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

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
