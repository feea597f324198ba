from celery import shared_task
from django.utils import timezone

from emognad.models import WorkerHeartbeat


@shared_task(bind=True, time_limit=30, soft_time_limit=20, ignore_result=False)
def worker_heartbeat(self) -> str:
    """Record that a worker is alive and consuming; returns the time it recorded."""
    hostname = self.request.hostname or "eager"
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(hostname=hostname, defaults={"seen_at": now})
    return now.isoformat()
