"""Answering: start a response, save answers (drafts and changes), submit."""

from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from municipalities.models import Municipality
from surveys import signals
from surveys.errors import EditConflictError, RoundClosedError, SurveyError
from surveys.models import (
    Answer,
    AnswerChange,
    AnswerState,
    Indicator,
    Response,
    ResponseKind,
    ResponseStatus,
    RoundStatus,
    SurveyRound,
)


@dataclass(frozen=True)
class Editor:
    """Who is typing: the respondent named on the start page, or a signed-in user."""

    name: str
    email: str
    user: AbstractBaseUser | None = None


@dataclass(frozen=True)
class AnswerInput:
    state: str  # an AnswerState value; "" means nothing chosen, which never clears an answer
    comment: str = ""
    change_reason: str = ""
    loaded_version: int = 0  # the answer's version when the editor's page was loaded


@dataclass
class Conflict:
    indicator: Indicator
    theirs: str
    their_comment: str
    mine: str


@dataclass
class SaveResult:
    changed: list[str] = field(default_factory=list)
    answers: dict[str, Answer] = field(default_factory=dict)  # all the response's, as saved

    @property
    def versions(self) -> dict[str, int]:
        return {code: answer.version for code, answer in self.answers.items()}


def state_of(answer: Answer | None) -> str:
    if answer is None:
        return AnswerState.UNANSWERED
    return AnswerState.DONT_KNOW if answer.value is None else str(answer.value)


def value_of(state: str) -> int | None:
    return None if state == AnswerState.DONT_KNOW else int(state)


def ensure_open(survey_round: SurveyRound) -> None:
    if survey_round.status != RoundStatus.OPEN:
        raise RoundClosedError(
            _(
                "Omgång %(year)s är stängd för svar. Det du redan har sparat finns kvar; "
                "kontakta den nationella handläggaren om du behöver ändra något."
            )
            % {"year": survey_round.year}
        )


def response_start(
    *, survey_round: SurveyRound, municipality: Municipality, name: str, email: str, role: str
) -> Response:
    """The municipality's official response for the round, created on first start."""
    ensure_open(survey_round)
    response = _official_response(survey_round, municipality)
    response.respondent_name = name.strip()
    response.respondent_email = email.strip()
    response.respondent_role = role
    response.full_clean(validate_unique=False, validate_constraints=False)
    response.save(
        update_fields=["respondent_name", "respondent_email", "respondent_role", "updated_at"]
    )
    return response


def _official_response(survey_round: SurveyRound, municipality: Municipality) -> Response:
    lookup = {"round": survey_round, "municipality": municipality, "kind": ResponseKind.OFFICIAL}
    try:
        with transaction.atomic():
            return Response.objects.get_or_create(**lookup)[0]
    except IntegrityError:  # two people started at the same moment: take the one that won
        return Response.objects.get(**lookup)


def official_response(survey_round: SurveyRound, municipality: Municipality) -> Response | None:
    return Response.objects.filter(
        round=survey_round, municipality=municipality, kind=ResponseKind.OFFICIAL
    ).first()


def _locked(response: Response) -> Response:
    """The response with its round, its row locked against its other editors. Only its own
    row: the round's is every municipality's, and locking it too (as select_related does
    by default) would make each save in the country wait for every other one, and for the
    round's recompute. A round closed while a save is under way takes that save as one
    that came a moment earlier; the reports recompute after the close sees it."""
    return (
        Response.objects.select_for_update(of=("self",)).select_related("round").get(pk=response.pk)
    )


@transaction.atomic
def answers_save(
    *, response: Response, editor: Editor, answers: dict[str, AnswerInput]
) -> SaveResult:
    """Save what the editor changed. Nothing is saved if someone else changed the same
    answers since the editor loaded them (EditConflictError lists them)."""
    response = _locked(response)
    ensure_open(response.round)
    indicators = _indicators(response, answers)
    current = {a.indicator.code: a for a in response.answers.select_related("indicator")}
    conflicts = _conflicts(indicators, current, answers)
    if conflicts:
        raise EditConflictError(
            _("Någon annan har ändrat några av svaren sedan du öppnade sidan. Inget sparades."),
            conflicts,
        )
    edits = {}
    for code, submitted in answers.items():
        edit = _edit(response, indicators[code], current.get(code), submitted, editor)
        if edit is not None:
            edits[code] = edit
    if edits:
        _write(list(edits.values()))
        Response.objects.filter(pk=response.pk).update(
            version=response.version + 1, updated_at=timezone.now()
        )
        if response.status == ResponseStatus.SUBMITTED:
            _send_on_commit(signals.response_changed, response)
    # The response is locked: no one else has written its answers since they were read.
    current |= {code: answer for code, (answer, change) in edits.items()}
    return SaveResult(changed=list(edits), answers=current)


def _indicators(response: Response, answers: dict[str, AnswerInput]) -> dict[str, Indicator]:
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(
            cornerstone__questionnaire_id=response.round.questionnaire_id, code__in=list(answers)
        )
    }
    unknown = set(answers) - set(indicators)
    if unknown:
        raise SurveyError(_("Okänd fråga: %(codes)s.") % {"codes": ", ".join(sorted(unknown))})
    bad = [code for code, a in answers.items() if a.state not in AnswerState.values]
    if bad:
        raise SurveyError(_("Ogiltigt svar på %(codes)s.") % {"codes": ", ".join(sorted(bad))})
    return indicators


def _conflicts(indicators, current, answers) -> list[Conflict]:
    conflicts = []
    for code, submitted in answers.items():
        answer = current.get(code)
        version = answer.version if answer else 0
        if version == submitted.loaded_version or not _differs(answer, submitted):
            continue
        conflicts.append(
            Conflict(
                indicators[code],
                state_of(answer),
                answer.comment if answer else "",
                submitted.state,
            )
        )
    return conflicts


def _differs(answer: Answer | None, submitted: AnswerInput) -> bool:
    state_changes = submitted.state and submitted.state != state_of(answer)
    comment = answer.comment if answer else ""
    reason = answer.change_reason if answer else ""
    return bool(
        state_changes
        or submitted.comment.strip() != comment
        or submitted.change_reason.strip() != reason
    )


def _edit(
    response, indicator, answer, submitted: AnswerInput, editor: Editor
) -> tuple[Answer, AnswerChange] | None:
    """The answer as the editor left it and the change log's line, or None if unchanged."""
    if not _differs(answer, submitted):
        return None
    if answer is None and not submitted.state:
        if not (submitted.comment.strip() or submitted.change_reason.strip()):
            return None
        raise SurveyError(
            _("Välj ett svar på %(code)s innan du skriver en kommentar.") % {"code": indicator.code}
        )
    old_state, old_comment = state_of(answer), answer.comment if answer else ""
    answer = answer or Answer(response=response, indicator=indicator, version=0)
    if submitted.state:
        answer.value = value_of(submitted.state)
    answer.comment = submitted.comment.strip()
    answer.change_reason = submitted.change_reason.strip()
    answer.version += 1
    # The constraints (one answer per indicator, a value 1–4 or none) are the database's
    # own, checked as the rows are written; validating them here would ask it once more
    # per answer. The value was checked against AnswerState in _indicators.
    answer.full_clean(exclude=["response", "indicator"], validate_constraints=False)
    change = AnswerChange(
        response=response,
        indicator=indicator,
        old_state=old_state,
        new_state=state_of(answer),
        old_comment=old_comment,
        new_comment=answer.comment,
        changed_by_name=editor.name,
        changed_by_email=editor.email,
        changed_by_user=editor.user,
        after_submission=response.status == ResponseStatus.SUBMITTED,
    )
    return answer, change


def _write(edits: list[tuple[Answer, AnswerChange]]) -> None:
    """A page's answers and their log lines in one statement each, not two per answer."""
    now = timezone.now()
    new = [answer for answer, change in edits if answer.pk is None]
    changed = [answer for answer, change in edits if answer.pk is not None]
    for answer in changed:
        answer.updated_at = now  # bulk_update leaves auto_now fields alone
    Answer.objects.bulk_create(new)
    if changed:
        Answer.objects.bulk_update(
            changed, ["value", "comment", "change_reason", "version", "updated_at"]
        )
    AnswerChange.objects.bulk_create([change for answer, change in edits])


def unanswered_indicators(response: Response) -> list[Indicator]:
    answered = response.answers.values("indicator")
    return list(
        Indicator.objects.filter(cornerstone__questionnaire_id=response.round.questionnaire_id)
        .exclude(pk__in=answered)
        .select_related("cornerstone")
    )


@transaction.atomic
def response_submit(*, response: Response) -> bool:
    """Submit once every question has an answer ("vet ej" counts). A second submit is a
    no-op that returns False."""
    response = _locked(response)
    ensure_open(response.round)
    missing = unanswered_indicators(response)
    if missing:
        raise SurveyError(
            ngettext(
                "%(count)d fråga saknar svar: %(codes)s. Svara ”vet ej” om du inte vet.",
                "%(count)d frågor saknar svar: %(codes)s. Svara ”vet ej” om du inte vet.",
                len(missing),
            )
            % {"count": len(missing), "codes": ", ".join(i.code for i in missing)}
        )
    submitted = Response.objects.filter(pk=response.pk, status=ResponseStatus.DRAFT).update(
        status=ResponseStatus.SUBMITTED, submitted_at=timezone.now(), updated_at=timezone.now()
    )
    if submitted:
        response.refresh_from_db()
        _send_on_commit(signals.response_submitted, response)
    return bool(submitted)


def _send_on_commit(signal, response: Response) -> None:
    transaction.on_commit(lambda: signal.send(sender=Response, response=response))
