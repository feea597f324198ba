"""A survey round's life: planned, open, closed (and reopened), published."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from surveys import signals
from surveys.errors import RoundStateError
from surveys.models import Questionnaire, RoundStatus, SurveyRound

# Which states each action may start from, and where it leads.
TRANSITIONS = {
    "open": ({RoundStatus.DRAFT}, RoundStatus.OPEN, "opened_at"),
    "close": ({RoundStatus.OPEN}, RoundStatus.CLOSED, "closed_at"),
    "reopen": ({RoundStatus.CLOSED}, RoundStatus.OPEN, "opened_at"),
    "publish": ({RoundStatus.CLOSED}, RoundStatus.PUBLISHED, "published_at"),
}


def _refusal(action: str, survey_round: SurveyRound) -> str:
    messages = {
        "open": _("Omgång %(year)s kan bara öppnas när den är planerad (den är nu %(status)s)."),
        "close": _("Omgång %(year)s kan bara stängas när den är öppen (den är nu %(status)s)."),
        "reopen": _(
            "Omgång %(year)s kan bara öppnas igen när den är stängd och inte publicerad "
            "(den är nu %(status)s)."
        ),
        "publish": _(
            "Omgång %(year)s kan bara publiceras när den är stängd (den är nu %(status)s)."
        ),
    }
    return messages[action] % {
        "year": survey_round.year,
        "status": survey_round.get_status_display().lower(),
    }


@transaction.atomic
def round_create(
    *,
    year: int,
    questionnaire: Questionnaire,
    opens_on: datetime.date,
    closes_on: datetime.date,
    previous_round: SurveyRound | None = None,
) -> SurveyRound:
    """A planned round; by default compared with the latest earlier round."""
    _refuse_bad_round(year, opens_on, closes_on, previous_round)
    if previous_round is None:
        previous_round = SurveyRound.objects.filter(year__lt=year).order_by("-year").first()
    survey_round = SurveyRound(
        year=year,
        questionnaire=questionnaire,
        opens_on=opens_on,
        closes_on=closes_on,
        previous_round=previous_round,
    )
    survey_round.full_clean()
    survey_round.save()
    return survey_round


def _refuse_bad_round(
    year: int,
    opens_on: datetime.date,
    closes_on: datetime.date,
    previous_round: SurveyRound | None,
) -> None:
    """Each problem on its field, so a form shows it where it belongs."""
    errors = {}
    if not 2000 <= year <= 2100:
        errors["year"] = _("Året måste vara mellan 2000 och 2100.")
    elif SurveyRound.objects.filter(year=year).exists():
        errors["year"] = _("Det finns redan en omgång för %(year)s.") % {"year": year}
    if closes_on < opens_on:
        errors["closes_on"] = _("Omgången kan inte stänga innan den öppnar.")
    if previous_round is not None and previous_round.year >= year:
        errors["previous_round"] = _("Jämförelsen måste vara en tidigare omgång än %(year)s.") % {
            "year": year
        }
    if errors:
        raise RoundStateError(errors)


def round_transition(*, survey_round: SurveyRound, action: str) -> SurveyRound:
    """Move the round on; a conditional UPDATE, so two clicks never act twice."""
    sources, target, stamp = TRANSITIONS[action]
    survey_round.refresh_from_db()
    if survey_round.status not in sources:
        raise RoundStateError(_refusal(action, survey_round))
    others = SurveyRound.objects.exclude(pk=survey_round.pk)
    if target == RoundStatus.OPEN and others.filter(status=RoundStatus.OPEN).exists():
        raise RoundStateError(_("En annan omgång är redan öppen. Stäng den först."))
    changed = SurveyRound.objects.filter(pk=survey_round.pk, status__in=sources).update(
        status=target, **{stamp: timezone.now()}, updated_at=timezone.now()
    )
    survey_round.refresh_from_db()
    if not changed:
        raise RoundStateError(_refusal(action, survey_round))
    if action == "close":
        transaction.on_commit(
            lambda: signals.round_closed.send(sender=SurveyRound, survey_round=survey_round)
        )
    return survey_round


def round_open(*, survey_round: SurveyRound) -> SurveyRound:
    return round_transition(survey_round=survey_round, action="open")


def round_close(*, survey_round: SurveyRound) -> SurveyRound:
    return round_transition(survey_round=survey_round, action="close")


def round_reopen(*, survey_round: SurveyRound) -> SurveyRound:
    return round_transition(survey_round=survey_round, action="reopen")


def round_publish(*, survey_round: SurveyRound) -> SurveyRound:
    return round_transition(survey_round=survey_round, action="publish")


def rounds_close_due(*, today: datetime.date | None = None) -> list[SurveyRound]:
    """Close the open rounds whose last day has passed (run by beat every night)."""
    today = today or timezone.localdate()
    due = SurveyRound.objects.filter(status=RoundStatus.OPEN, closes_on__lt=today)
    return [round_close(survey_round=survey_round) for survey_round in due]
