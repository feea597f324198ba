from celery import shared_task
from django.db import OperationalError

from reports import services
from reports.selectors.snapshots import rounds_needing_recompute
from surveys.models import SurveyRound


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=600,
    time_limit=660,
)
def round_recompute_task(round_id: int) -> int | None:
    services.recompute_claim(round_id=round_id)
    survey_round = SurveyRound.objects.filter(pk=round_id).first()
    if survey_round is None:
        return None
    services.source_statistics_refresh()
    return services.round_recompute(survey_round=survey_round).pk


@shared_task(soft_time_limit=50, time_limit=60)
def recompute_stale_rounds() -> list[int]:
    """Catch-up: whatever a lost queue message missed is recomputed here."""
    rounds = rounds_needing_recompute()
    for survey_round in rounds:
        services.recompute_request(round_id=survey_round.pk)
    return [survey_round.year for survey_round in rounds]


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=50,
    time_limit=60,
)
def recompute_catch_up() -> list[int]:
    """A worker has connected to the broker (emognad.celery.CatchUpOnConnect)."""
    rounds = services.recompute_catch_up()
    return [survey_round.year for survey_round in rounds]
