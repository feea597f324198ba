"""Reads for national staff: rounds, who has been invited and who has answered."""

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextChoices,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities.models import Contact, County, Municipality, SizeBand
from surveys.models import (
    Answer,
    AnswerChange,
    Cornerstone,
    FailureKind,
    Indicator,
    Invitation,
    MailKind,
    Questionnaire,
    Response,
    ResponseKind,
    ResponseStatus,
    RoundStatus,
    SurveyRound,
)
from surveys.services.invitations import reminder_audience
from surveys.services.rounds import TRANSITIONS


class ParticipationStatus(TextChoices):
    """Where a municipality stands in a round, the furthest step first."""

    SUBMITTED = "submitted", _("Inskickat")
    DRAFT = "draft", _("Utkast")
    OPENED = "opened", _("Länken öppnad")
    FAILED = "failed", _("Utskicket misslyckades")
    QUEUED = "queued", _("I kö för utskick")
    SENT = "sent", _("Inbjudan skickad")
    NOT_INVITED = "not-invited", _("Inte inbjuden")


# A mail that went out, or should have, can be sent again by hand.
RESENDABLE = [ParticipationStatus.FAILED, ParticipationStatus.SENT]
# A recipient can be corrected until the municipality has opened its link.
CORRECTABLE = [*RESENDABLE, ParticipationStatus.QUEUED]
# A reminder goes to an invitation that went out, until the response is in.
REMINDABLE = [ParticipationStatus.SENT, ParticipationStatus.OPENED, ParticipationStatus.DRAFT]


def round_list() -> QuerySet[SurveyRound]:
    """Every round, newest first, with how many municipalities were invited and submitted."""
    invited = Invitation.objects.filter(round=OuterRef("pk"), revoked_at__isnull=True)
    submitted = Response.objects.filter(
        round=OuterRef("pk"), kind=ResponseKind.OFFICIAL, status=ResponseStatus.SUBMITTED
    )
    return (
        SurveyRound.objects.select_related("questionnaire", "previous_round")
        .annotate(invited_count=_count(invited), submitted_count=_count(submitted))
        .order_by("-year")
    )


def _count(rows: QuerySet) -> Coalesce:
    counted = rows.order_by().values("round").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def round_actions(survey_round: SurveyRound) -> list[str]:
    """The state actions that the round's status allows now: open, close, reopen, publish."""
    return [
        action for action, (sources, *_) in TRANSITIONS.items() if survey_round.status in sources
    ]


def questionnaire_latest() -> Questionnaire | None:
    return Questionnaire.objects.order_by("-created_at", "-pk").first()


def round_latest() -> SurveyRound | None:
    return SurveyRound.objects.order_by("-year").first()


def _status_expression() -> Case:
    return Case(
        When(response_status=ResponseStatus.SUBMITTED, then=Value(ParticipationStatus.SUBMITTED)),
        When(response_status=ResponseStatus.DRAFT, then=Value(ParticipationStatus.DRAFT)),
        When(invitation_id__isnull=True, then=Value(ParticipationStatus.NOT_INVITED)),
        When(opened_at__isnull=False, then=Value(ParticipationStatus.OPENED)),
        When(failed_at__isnull=False, then=Value(ParticipationStatus.FAILED)),
        When(~Q(pending_mail=""), then=Value(ParticipationStatus.QUEUED)),
        When(sent_at__isnull=False, then=Value(ParticipationStatus.SENT)),
        # An invitation made but neither queued nor sent: "send invitations" picks it up again.
        default=Value(ParticipationStatus.NOT_INVITED),
    )


def participation(
    *, survey_round: SurveyRound, query: str = "", county: County | None = None
) -> QuerySet[Municipality]:
    """Every municipality with its active invitation and official response in the round,
    and its status, in one query (a left join on each; both are unique per municipality)."""
    municipalities = Municipality.objects.annotate(
        invitation=FilteredRelation(
            "invitations",
            condition=Q(invitations__round=survey_round, invitations__revoked_at__isnull=True),
        ),
        response=FilteredRelation(
            "responses",
            condition=Q(responses__round=survey_round, responses__kind=ResponseKind.OFFICIAL),
        ),
    ).annotate(
        invitation_id=F("invitation__id"),
        recipient_name=F("invitation__recipient_name"),
        recipient_email=F("invitation__recipient_email"),
        pending_mail=F("invitation__pending_mail"),
        sent_at=F("invitation__sent_at"),
        failed_at=F("invitation__failed_at"),
        failure_reason=F("invitation__failure_reason"),
        failure_kind=F("invitation__failure_kind"),
        send_attempts=F("invitation__send_attempts"),
        opened_at=F("invitation__opened_at"),
        reminders_sent=F("invitation__reminders_sent"),
        last_reminded_at=F("invitation__last_reminded_at"),
        response_status=F("response__status"),
        submitted_at=F("response__submitted_at"),
    )
    municipalities = municipalities.annotate(status=_status_expression())
    if query:
        municipalities = municipalities.filter(
            Q(name__icontains=query)
            | Q(code__startswith=query)
            | Q(invitation__recipient_email__icontains=query)
        )
    if county is not None:
        municipalities = municipalities.filter(county=county)
    return municipalities.select_related("county", "contact").order_by("name")


@dataclass
class StatusCount:
    status: ParticipationStatus
    count: int


def participation_counts(municipalities: QuerySet[Municipality]) -> list[StatusCount]:
    """How many municipalities are at each status, every status listed (zero too)."""
    grouped = municipalities.order_by().values("status").annotate(n=Count("pk"))
    counted = dict(grouped.values_list("status", "n"))
    return [StatusCount(status, counted.get(status, 0)) for status in ParticipationStatus]


def participation_rows(municipalities: QuerySet[Municipality]) -> list[Municipality]:
    rows = list(municipalities)
    for row in rows:
        row.status_label = ParticipationStatus(row.status).label
        row.failure_text = failure_text(row.failure_kind, row.failure_reason)
    return rows


def failure_text(kind: str | None, reason: str | None) -> str:
    """Why the mail failed, in words staff can act on (mail that failed before the reason
    was classified says only that it failed)."""
    if not reason:
        return ""
    return FailureKind(kind).label if kind in FailureKind.values else FailureKind.OTHER.label


def response_for_staff(*, survey_round: SurveyRound, municipality: Municipality) -> Response | None:
    """The municipality's official response with its answers and change log, or None."""
    changes = AnswerChange.objects.select_related("indicator", "changed_by_user")
    return (
        Response.objects.filter(
            round=survey_round, municipality=municipality, kind=ResponseKind.OFFICIAL
        )
        .prefetch_related("answers", Prefetch("changes", queryset=changes))
        .first()
    )


@dataclass
class IndicatorAnswer:
    indicator: Indicator
    answer: Answer | None

    @property
    def text(self) -> str:
        return self.indicator.localized("text")


@dataclass
class CornerstoneAnswers:
    cornerstone: Cornerstone
    rows: list[IndicatorAnswer] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.cornerstone.localized("name")


def answers_by_cornerstone(
    *, questionnaire: Questionnaire, response: Response | None
) -> list[CornerstoneAnswers]:
    """Every indicator of the questionnaire in order, with the response's answer or None."""
    answers = {a.indicator_id: a for a in response.answers.all()} if response else {}
    return [
        CornerstoneAnswers(
            cornerstone,
            [IndicatorAnswer(i, answers.get(i.pk)) for i in cornerstone.indicators.all()],
        )
        for cornerstone in questionnaire.cornerstones.prefetch_related("indicators")
    ]


def invitations_of(
    *, survey_round: SurveyRound, municipality: Municipality
) -> QuerySet[Invitation]:
    """Every invitation the municipality has had in the round, the active one first."""
    return Invitation.objects.filter(round=survey_round, municipality=municipality).order_by(
        F("revoked_at").desc(nulls_first=True), "-created_at"
    )


def open_round() -> SurveyRound | None:
    """The round that takes answers now, if any (one is open at a time)."""
    return SurveyRound.objects.filter(status=RoundStatus.OPEN).first()


def published_rounds() -> QuerySet[SurveyRound]:
    """Rounds whose national report is public, newest first."""
    return SurveyRound.objects.filter(status=RoundStatus.PUBLISHED).order_by("-year")


def rounds_with_results() -> QuerySet[SurveyRound]:
    """Rounds whose results a municipality can look at: open (so far) or later, newest first."""
    return SurveyRound.objects.exclude(status=RoundStatus.DRAFT).order_by("-year")


# ---------------------------------------------------------------- the participation list

PAGE_SIZE = 100
# The list's columns staff can sort by, each with its ordering (ties by name).
SORTS = {
    "name": ("name",),
    "county": ("county__name", "name"),
    "size": ("population", "name"),
    "status": ("status_order", "name"),
    "answered": ("answered", "name"),
    "activity": (F("last_activity").asc(nulls_first=True), "name"),
    "submitted": (F("submitted_at").asc(nulls_first=True), "name"),
}
STATUS_ORDER = {status: index for index, status in enumerate(ParticipationStatus)}


def participation_progress(municipalities: QuerySet[Municipality]) -> QuerySet[Municipality]:
    """Each municipality's progress beside its status: how many indicators its response
    answers, and its last activity (the latest saved answer, else the response, else the
    last use of the link). Subqueries, so the list stays one query for 290."""
    answers = Answer.objects.filter(response=OuterRef("response_pk")).order_by()
    answered = answers.values("response").annotate(n=Count("pk")).values("n")
    latest = answers.order_by("-updated_at").values("updated_at")[:1]
    return municipalities.annotate(response_pk=F("response__id")).annotate(
        answered=Coalesce(Subquery(answered), 0),
        last_activity=Coalesce(
            Subquery(latest), F("response__updated_at"), F("invitation__last_used_at")
        ),
        status_order=Case(
            *[When(status=status, then=Value(order)) for status, order in STATUS_ORDER.items()]
        ),
    )


def participation_sorted(
    municipalities: QuerySet[Municipality], sort: str, descending: bool = False
) -> QuerySet[Municipality]:
    """The list in the column's order; an unknown column sorts by name."""
    ordering = SORTS.get(sort, SORTS["name"])
    if descending:
        first, *rest = ordering
        first = F(first) if isinstance(first, str) else first.expression
        ordering = (first.desc(nulls_last=True), *rest)
    return municipalities.order_by(*ordering)


def indicator_count(survey_round: SurveyRound) -> int:
    """How many indicators the round's questionnaire asks ("answered of 19")."""
    return Indicator.objects.filter(
        cornerstone__questionnaire=survey_round.questionnaire_id
    ).count()


def invitations_to_send_count(survey_round: SurveyRound) -> int:
    """How many invitations "send invitations" would mail now: one to each contact of a
    municipality without an invitation, and each made but never sent nor queued."""
    invited = Invitation.objects.filter(round=survey_round, revoked_at__isnull=True)
    new = Contact.objects.exclude(municipality__in=invited.values("municipality")).count()
    return new + invited.filter(sent_at__isnull=True, pending_mail="").count()


# ---------------------------------------------------------------- the staff home page


@dataclass
class GroupParticipation:
    """Submitted responses in one county or size band, of its municipalities."""

    name: str
    submitted: int
    municipalities: int

    @property
    def percent(self) -> float:
        return 100 * self.submitted / self.municipalities if self.municipalities else 0.0


@dataclass
class RoundOverview:
    """What staff need to see first about the round that matters now."""

    survey_round: SurveyRound
    counts: list[StatusCount]
    municipalities: int
    days_left: int | None
    reminders_not_started: int
    reminders_draft: int
    by_county: list[GroupParticipation]
    by_size_band: list[GroupParticipation]

    def _count(self, status: ParticipationStatus) -> int:
        return next(item.count for item in self.counts if item.status == status)

    @property
    def submitted(self) -> int:
        return self._count(ParticipationStatus.SUBMITTED)

    @property
    def drafts(self) -> int:
        return self._count(ParticipationStatus.DRAFT)

    @property
    def failed(self) -> int:
        return self._count(ParticipationStatus.FAILED)

    @property
    def invited(self) -> int:
        return self.municipalities - self._count(ParticipationStatus.NOT_INVITED)

    @property
    def percent(self) -> float:
        return 100 * self.submitted / self.municipalities if self.municipalities else 0.0

    @property
    def groupings(self) -> list[tuple[str, list[GroupParticipation]]]:
        return [(_("Per län"), self.by_county), (_("Per storleksklass"), self.by_size_band)]


def round_that_matters() -> SurveyRound | None:
    """The open round, else the newest: what a staff member's day is about."""
    return open_round() or round_latest()


def round_overview(survey_round: SurveyRound, *, today=None) -> RoundOverview:
    """Participation of the round as a whole, by county and by size band, how many days
    are left, how many reminders the buttons would send now and how many mails failed."""
    today = today or timezone.localdate()
    submitted = Q(
        responses__round=survey_round,
        responses__kind=ResponseKind.OFFICIAL,
        responses__status=ResponseStatus.SUBMITTED,
    )

    def groups(field: str) -> list[dict]:
        return list(
            Municipality.objects.order_by(field)
            .values(field)
            .annotate(
                total=Count("pk", distinct=True), done=Count("pk", filter=submitted, distinct=True)
            )
        )

    bands = {row["size_band"]: row for row in groups("size_band")}
    is_open = survey_round.status == RoundStatus.OPEN
    return RoundOverview(
        survey_round=survey_round,
        counts=participation_counts(participation(survey_round=survey_round)),
        municipalities=Municipality.objects.count(),
        days_left=max((survey_round.closes_on - today).days, 0) if is_open else None,
        reminders_not_started=(
            reminder_audience(survey_round, MailKind.REMIND_NOT_STARTED).count() if is_open else 0
        ),
        reminders_draft=(
            reminder_audience(survey_round, MailKind.REMIND_DRAFT).count() if is_open else 0
        ),
        by_county=[
            GroupParticipation(row["county__name"], row["done"], row["total"])
            for row in groups("county__name")
        ],
        by_size_band=[
            GroupParticipation(str(band.label), bands[band]["done"], bands[band]["total"])
            for band in SizeBand
            if band in bands
        ],
    )
