"""Celery tasks of the surveys app: thin, each calls one service."""

from celery import shared_task

from surveys.services import invitations, rounds

MAX_SEND_ATTEMPTS = 5


@shared_task(bind=True, acks_late=True, soft_time_limit=240, time_limit=300)
def invitations_send_batch(self, invitation_ids: list[int], kind: str, attempt: int = 1) -> dict:
    """Send one batch; the ones that failed go again later, with a growing pause."""
    failed = invitations.invitations_send(invitation_ids=invitation_ids, kind=kind)
    if failed and attempt < MAX_SEND_ATTEMPTS:
        invitations_send_batch.apply_async(
            (failed, kind, attempt + 1), countdown=60 * 2 ** (attempt - 1)
        )
    return {"sent": len(invitation_ids) - len(failed), "failed": len(failed)}


@shared_task(soft_time_limit=50, time_limit=60)
def invitations_requeue_stalled() -> int:
    return invitations.invitations_requeue_stalled()


@shared_task(soft_time_limit=50, time_limit=60)
def reminders_send_due() -> int:
    return invitations.reminders_send_due()


@shared_task(soft_time_limit=50, time_limit=60)
def rounds_close_due() -> list[int]:
    return [survey_round.year for survey_round in rounds.rounds_close_due()]
