from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.validators import one_line
from municipalities.models import Municipality, Role


class Localized:
    """Pick the `<field>_sv` or `<field>_en` variant by the active language, Swedish first."""

    def localized(self, field: str) -> str:
        if (get_language() or "sv").startswith("en"):
            return getattr(self, f"{field}_en") or getattr(self, f"{field}_sv")
        return getattr(self, f"{field}_sv")


class QuestionnaireInUseError(ValidationError):
    def __init__(self, questionnaire: "Questionnaire") -> None:
        super().__init__(
            _(
                "Enkätversionen %(version)s används av en omgång och kan inte ändras. "
                "Skapa en ny version i stället."
            ),
            code="questionnaire_in_use",
            params={"version": questionnaire.label},
        )


class FrozenQuerySet(models.QuerySet):
    """Bulk updates and deletes obey the same rule as save(): a used version never changes."""

    questionnaire_path = ""

    def _refuse_if_used(self) -> None:
        used = Questionnaire.objects.filter(rounds__isnull=False).distinct()
        lookup = f"{self.questionnaire_path}__in" if self.questionnaire_path else "pk__in"
        blocked = self.filter(**{lookup: used}).first()
        if blocked is not None:
            raise QuestionnaireInUseError(blocked.frozen_by())

    def update(self, **kwargs):
        self._refuse_if_used()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_used()
        return super().delete()

    def translation_update(self, **kwargs):
        """What a used version may still change: its working translation into English
        (and the digest of the file it was last loaded from)."""
        frozen = sorted(name for name in kwargs if not name.endswith("_en"))
        if frozen not in ([], ["source_digest"]):
            raise ValueError(f"Only translations may change in a used version, not {frozen}")
        return super().update(**kwargs)


def frozen_manager(questionnaire_path: str) -> models.Manager:
    """A manager whose bulk writes are refused on rows of a questionnaire a round uses."""
    queryset = type("FrozenQuerySet", (FrozenQuerySet,), {"questionnaire_path": questionnaire_path})
    return queryset.as_manager()


class FrozenWhenUsed(models.Model):
    """A questionnaire version, once a round uses it, never changes (year-over-year joins on it)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk:
            self._refuse_if_used()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_used()
        return super().delete(*args, **kwargs)

    def frozen_by(self) -> "Questionnaire":
        raise NotImplementedError

    def _refuse_if_used(self) -> None:
        questionnaire = self.frozen_by()
        if questionnaire.pk and questionnaire.is_in_use:
            raise QuestionnaireInUseError(questionnaire)


class Questionnaire(Localized, FrozenWhenUsed):
    slug = models.SlugField(_("kortnamn"), max_length=50)
    version = models.PositiveSmallIntegerField(_("version"))
    title_sv = models.CharField(_("titel (svenska)"), max_length=200)
    title_en = models.CharField(_("titel (engelska)"), max_length=200, blank=True)
    instructions_sv = models.TextField(_("instruktion (svenska)"))
    instructions_en = models.TextField(_("instruktion (engelska)"), blank=True)
    source_digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = frozen_manager("")

    class Meta:
        ordering = ["slug", "version"]
        verbose_name = _("enkätversion")
        verbose_name_plural = _("enkätversioner")
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="one_questionnaire_version")
        ]

    def __str__(self) -> str:
        return f"{self.title_sv} ({self.version})"

    @property
    def label(self) -> str:
        """The version's key, as commands and logs name it: "e-forvaltning 2007"."""
        return f"{self.slug} {self.version}"

    @property
    def display_name(self) -> str:
        """As pages name it, in the reader's language: its title and version."""
        return f"{self.localized('title')} ({self.version})"

    @property
    def is_in_use(self) -> bool:
        return self.rounds.exists()

    def frozen_by(self) -> "Questionnaire":
        return self


class ScaleLevel(Localized, FrozenWhenUsed):
    """One labelled step of the 1–4 scale. "Vet ej" is not a level: it is no value."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="scale_levels"
    )
    value = models.PositiveSmallIntegerField(_("värde"))
    label_sv = models.CharField(_("etikett (svenska)"), max_length=100)
    label_en = models.CharField(_("etikett (engelska)"), max_length=100, blank=True)

    objects = frozen_manager("questionnaire")

    class Meta:
        ordering = ["questionnaire", "value"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "value"], name="one_label_per_level"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=4), name="level_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.value} = {self.label_sv}"

    def frozen_by(self) -> Questionnaire:
        return self.questionnaire


class Cornerstone(Localized, FrozenWhenUsed):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="cornerstones"
    )
    code = models.CharField(_("kod"), max_length=10)
    order = models.PositiveSmallIntegerField(_("ordning"))
    name_sv = models.CharField(_("namn (svenska)"), max_length=200)
    name_en = models.CharField(_("namn (engelska)"), max_length=200, blank=True)
    scenario_sv = models.TextField(_("scenario (svenska)"))
    scenario_en = models.TextField(_("scenario (engelska)"), blank=True)
    characteristics_sv = models.JSONField(_("kännetecken (svenska)"), default=list)
    characteristics_en = models.JSONField(_("kännetecken (engelska)"), default=list, blank=True)
    footnote_sv = models.TextField(_("fotnot (svenska)"), blank=True)
    footnote_en = models.TextField(_("fotnot (engelska)"), blank=True)

    objects = frozen_manager("questionnaire")

    class Meta:
        ordering = ["questionnaire", "order"]
        verbose_name = _("hörnsten")
        verbose_name_plural = _("hörnstenar")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="one_cornerstone_code_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_sv}"

    def frozen_by(self) -> Questionnaire:
        return self.questionnaire


class Indicator(Localized, FrozenWhenUsed):
    """One question; its code (SL1 …) is the stable key that years are compared on."""

    cornerstone = models.ForeignKey(
        Cornerstone, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("kod"), max_length=10)
    order = models.PositiveSmallIntegerField(_("ordning"))
    text_sv = models.TextField(_("fråga (svenska)"))
    text_en = models.TextField(_("fråga (engelska)"), blank=True)

    objects = frozen_manager("cornerstone__questionnaire")

    class Meta:
        ordering = ["cornerstone__order", "order"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        constraints = [
            models.UniqueConstraint(fields=["cornerstone", "code"], name="one_indicator_code")
        ]

    def __str__(self) -> str:
        return self.code

    def frozen_by(self) -> Questionnaire:
        return self.cornerstone.questionnaire


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Planerad")
    OPEN = "open", _("Öppen")
    CLOSED = "closed", _("Stängd")
    PUBLISHED = "published", _("Publicerad")


class SurveyRound(models.Model):
    """One year's survey on one questionnaire version."""

    year = models.PositiveSmallIntegerField(_("år"), unique=True)
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="rounds"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    opens_on = models.DateField(_("öppnar"))
    closes_on = models.DateField(_("stänger"))
    previous_round = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_rounds",
        verbose_name=_("jämförs med"),
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("enkätomgång")
        verbose_name_plural = _("enkätomgångar")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="round_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="round_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class ResponseKind(models.TextChoices):
    """Only the official municipal response feeds the national statistics."""

    OFFICIAL = "official", _("Kommunens officiella svar")


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Inskickat")


class Response(models.Model):
    round = models.ForeignKey(SurveyRound, on_delete=models.PROTECT, related_name="responses")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="responses"
    )
    kind = models.CharField(
        _("typ"), max_length=20, choices=ResponseKind.choices, default=ResponseKind.OFFICIAL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    respondent_name = models.CharField(
        _("svarandens namn"), max_length=200, blank=True, validators=[one_line]
    )
    respondent_email = models.EmailField(_("svarandens e-postadress"), blank=True)
    respondent_role = models.CharField(
        _("svarandens roll"), max_length=20, choices=Role.choices, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "municipality"],
                condition=Q(kind="official"),
                name="one_official_response_per_round",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="submitted_response_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.round}"


class Answer(models.Model):
    """One indicator's answer. A null value is "vet ej": answered, but no value."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(_("värde"), null=True, blank=True)
    comment = models.TextField(_("kommentar"), blank=True, max_length=2000)
    # Why the level differs from the previous round's answer, if the respondent says.
    change_reason = models.TextField(_("skäl till ändringen"), blank=True, max_length=500)
    # Bumped on every change: an editor who loaded an older number has a conflict.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("svar på indikator")
        verbose_name_plural = _("svar på indikatorer")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "indicator"], name="one_answer_per_indicator"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=4),
                name="answer_value_1_to_4_or_dont_know",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}={self.value if self.value is not None else 'vet ej'}"


class AnswerState(models.TextChoices):
    """An answer as the change log records it: unanswered, a level, or "vet ej"."""

    UNANSWERED = "", _("obesvarad")
    ONE = "1", "1"
    TWO = "2", "2"
    THREE = "3", "3"
    FOUR = "4", "4"
    DONT_KNOW = "dk", _("vet ej")


class ChangeKind(models.TextChoices):
    ANSWER = "answer", _("svar")
    RESPONDENT = "respondent", _("svarande")


class AnswerChange(models.Model):
    """Every change of an answer, kept for good: who, when, what it was and became.

    A change of respondent is logged here too, without an indicator: who answers for the
    municipality is part of the response (the role breakdown and the same-respondent panel
    read it), so replacing them is as visible as replacing an answer."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=ChangeKind.choices, default=ChangeKind.ANSWER)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    old_state = models.CharField(max_length=2, choices=AnswerState.choices, blank=True)
    new_state = models.CharField(max_length=2, choices=AnswerState.choices, blank=True)
    old_comment = models.TextField(blank=True)
    new_comment = models.TextField(blank=True)
    changed_by_name = models.CharField(max_length=200, blank=True)
    changed_by_email = models.EmailField(blank=True)
    changed_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A change of respondent: who it was and who it became.
    old_respondent_name = models.CharField(max_length=200, blank=True)
    old_respondent_email = models.EmailField(blank=True)
    old_respondent_role = models.CharField(max_length=20, blank=True)
    new_respondent_name = models.CharField(max_length=200, blank=True)
    new_respondent_email = models.EmailField(blank=True)
    new_respondent_role = models.CharField(max_length=20, blank=True)
    # Which browser (a keyed digest of its session) and which of its tabs saved: a conflict
    # with one's own other tab is told as such, not as "someone else".
    changed_in_browser = models.CharField(max_length=16, blank=True)
    changed_in_tab = models.CharField(max_length=40, blank=True)
    after_submission = models.BooleanField(default=False)
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("ändring av svar")
        verbose_name_plural = _("ändringar av svar")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="answer", indicator__isnull=False)
                | Q(kind="respondent", indicator__isnull=True),
                name="answer_change_has_indicator_unless_respondent",
            )
        ]

    def __str__(self) -> str:
        if self.kind == ChangeKind.RESPONDENT:
            return f"respondent: {self.old_respondent_email or '-'} → {self.new_respondent_email}"
        return f"{self.indicator_id}: {self.old_state or '-'} → {self.new_state or '-'}"

    @property
    def old_respondent_label(self) -> str:
        return _respondent_label(
            self.old_respondent_name, self.old_respondent_email, self.old_respondent_role
        )

    @property
    def new_respondent_label(self) -> str:
        return _respondent_label(
            self.new_respondent_name, self.new_respondent_email, self.new_respondent_role
        )


def _respondent_label(name: str, email: str, role: str) -> str:
    label = f"{name} <{email}>" if email else name
    if role in Role.values:
        label += f", {Role(role).label}"
    return label or "–"


class MailKind(models.TextChoices):
    INVITATION = "invitation", _("Inbjudan")
    REMIND_NOT_STARTED = "remind-new", _("Påminnelse, ej påbörjat")
    REMIND_DRAFT = "remind-draft", _("Påminnelse, utkast")


class FailureKind(models.TextChoices):
    """Why a mail failed, as staff can act on it."""

    RECIPIENT = (
        "recipient",
        _(
            "Mottagarens adress eller namn gick inte att skicka till. "
            "Rätta mottagaren och skicka igen."
        ),
    )
    SERVER = (
        "server",
        _("E-postservern gick inte att nå eller svarade inte. Utskicket försöks igen automatiskt."),
    )
    OTHER = "other", _("Utskicket misslyckades av ett tekniskt skäl. Försök igen senare.")


class Invitation(models.Model):
    """A municipality's personal link to its response in a round.

    The link's token is HMAC(SECRET_KEY, nonce): reminders can carry the same link, and
    the database alone (nonce and SHA-256 of the token) does not give it away.
    """

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="invitations")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="invitations"
    )
    recipient_name = models.CharField(_("mottagarens namn"), max_length=200, validators=[one_line])
    recipient_email = models.EmailField(_("mottagarens e-postadress"))
    nonce = models.CharField(max_length=64, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    handed_over_from = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="handed_over_to"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The e-mail waiting for a worker, if any; a worker claims it by clearing it.
    pending_mail = models.CharField(max_length=20, choices=MailKind.choices, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    send_attempts = models.PositiveSmallIntegerField(default=0)
    failed_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.CharField(max_length=500, blank=True)  # the error, for support
    failure_kind = models.CharField(max_length=10, choices=FailureKind.choices, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "municipality"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_invitation_per_round",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.round}: {self.recipient_email}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
