"""A survey round's life: planned, open, closed (and reopened), published."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from municipalities.models import Municipality
from surveys import signals
from surveys.errors import RoundStateError
from surveys.models import Questionnaire, ResponseKind, ResponseStatus, RoundStatus, SurveyRound

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


def transition_refusal(action: str, survey_round: SurveyRound) -> str | None:
    """Why the round's status does not allow the action now; None if it does."""
    if survey_round.status in TRANSITIONS[action][0]:
        return None
    return _refusal(action, survey_round)


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


@transaction.atomic
def round_transition(*, survey_round: SurveyRound, action: str, by=None) -> SurveyRound:
    """Move the round on; a conditional UPDATE, so two clicks never act twice."""
    sources, target, stamp = TRANSITIONS[action]
    survey_round.refresh_from_db()
    if survey_round.status not in sources:
        raise RoundStateError(_refusal(action, survey_round))
    others = SurveyRound.objects.exclude(pk=survey_round.pk)
    open_elsewhere = others.filter(status=RoundStatus.OPEN).first()
    if target == RoundStatus.OPEN and open_elsewhere is not None:
        raise RoundStateError(
            _("Omgång %(year)s är redan öppen. Stäng den först.") % {"year": open_elsewhere.year}
        )
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
    if action == "publish":
        signals.round_published.send(sender=SurveyRound, survey_round=survey_round, by=by)
    return survey_round


def round_open(*, survey_round: SurveyRound) -> SurveyRound:
    return round_transition(survey_round=survey_round, action="open")


def round_close(*, survey_round: SurveyRound) -> SurveyRound:
    return round_transition(survey_round=survey_round, action="close")


def round_reopen(*, survey_round: SurveyRound) -> SurveyRound:
    return round_transition(survey_round=survey_round, action="reopen")


class Participation:
    """How many municipalities submitted an official response, of all of them."""

    def __init__(self, survey_round: SurveyRound) -> None:
        self.submitted = survey_round.responses.filter(
            kind=ResponseKind.OFFICIAL, status=ResponseStatus.SUBMITTED
        ).count()
        self.municipalities = Municipality.objects.count()

    @property
    def percent(self) -> float:
        return 100 * self.submitted / self.municipalities if self.municipalities else 0.0

    @property
    def limit(self) -> int:
        return settings.PUBLISH_MIN_PARTICIPATION

    @property
    def is_low(self) -> bool:
        return self.percent < self.limit

    def __str__(self) -> str:
        """As the confirmation states it: "1 av 290 kommuner, 0,3 %"."""
        return ngettext(
            "%(submitted)s av %(municipalities)s kommun, %(percent)s %%",
            "%(submitted)s av %(municipalities)s kommuner, %(percent)s %%",
            self.municipalities,
        ) % {
            "submitted": self.submitted,
            "municipalities": self.municipalities,
            "percent": number_format(self.percent, decimal_pos=1),
        }


def round_publish(
    *, survey_round: SurveyRound, by=None, low_participation_confirmed: bool = False
) -> SurveyRound:
    """Publish a closed round: final. Below PUBLISH_MIN_PARTICIPATION it must be confirmed
    a second time, knowing how few answered."""
    survey_round.refresh_from_db()
    if refusal := transition_refusal("publish", survey_round):
        raise RoundStateError(refusal)
    participation = Participation(survey_round)
    if participation.is_low and not low_participation_confirmed:
        raise RoundStateError(
            _(
                "Bara %(participation)s har svarat, under gränsen %(limit)s %%. Bekräfta att "
                "omgången ska publiceras ändå."
            )
            % {"participation": participation, "limit": settings.PUBLISH_MIN_PARTICIPATION}
        )
    return round_transition(survey_round=survey_round, action="publish", by=by)


def rounds_close_due(*, today: datetime.date | None = None) -> list[SurveyRound]:
    """Close the open rounds whose last day has passed (run by beat every night)."""
    today = today or timezone.localdate()
    due = SurveyRound.objects.filter(status=RoundStatus.OPEN, closes_on__lt=today)
    return [round_close(survey_round=survey_round) for survey_round in due]
