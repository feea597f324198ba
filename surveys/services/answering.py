"""Answering: start a response, save answers (drafts and changes), submit."""

import hashlib
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
    ChangeKind,
    Indicator,
    Response,
    ResponseKind,
    ResponseStatus,
    RoundStatus,
    SurveyRound,
)
from surveys.selectors.answering import state_of, unanswered_indicators


@dataclass(frozen=True)
class Editor:
    """Who is typing: the respondent named on the start page, or a signed-in user; and
    where: a digest of the browser's session and the id of the page (tab) that saved."""

    name: str
    email: str
    user: AbstractBaseUser | None = None
    browser: str = ""
    tab: str = ""


@dataclass(frozen=True)
class Respondent:
    """Who answers for the municipality: the role breakdown and the same-respondent panel
    of the reports read it from the response."""

    name: str
    email: str
    role: str

    def same_as(self, other: "Respondent") -> bool:
        return (self.name, self.email.lower(), self.role) == (
            other.name,
            other.email.lower(),
            other.role,
        )


def respondent_of(response: Response) -> Respondent:
    return Respondent(response.respondent_name, response.respondent_email, response.respondent_role)


def respondent_fingerprint(response: Response) -> str:
    """The respondent as a page loaded it: a change saved against an older one conflicts."""
    respondent = respondent_of(response)
    text = "\x1f".join((respondent.name, respondent.email.lower(), respondent.role))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


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
    # Unanswered questions with a comment typed before a level: not saved, and not refused
    # either; the page keeps the comment and sends it again with the level.
    waiting: list[str] = field(default_factory=list)

    @property
    def versions(self) -> dict[str, int]:
        return {code: answer.version for code, answer in self.answers.items()}


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
    *,
    survey_round: SurveyRound,
    municipality: Municipality,
    name: str,
    email: str,
    role: str,
    editor: Editor | None = None,
) -> Response:
    """The municipality's official response for the round, created on first start.

    Whoever starts a draft becomes its respondent; replacing an earlier one is logged like
    a changed answer. A submitted response keeps its respondent: the start page only says
    who is typing, and replacing the respondent is `respondent_change`, done on purpose."""
    ensure_open(survey_round)
    respondent = Respondent(name.strip(), email.strip(), role)
    editor = editor or Editor(respondent.name, respondent.email)
    with transaction.atomic():
        response = _locked(_official_response(survey_round, municipality))
        if response.status == ResponseStatus.DRAFT:
            _respondent_set(response, respondent, editor)
    return response


@transaction.atomic
def respondent_change(
    *,
    response: Response,
    editor: Editor,
    name: str,
    email: str,
    role: str,
    loaded: str | None = None,
) -> bool:
    """Replace the respondent, on purpose: logged with who did it, and for a submitted
    response the reports are recomputed (the role breakdown and the same-respondent panel
    follow the respondent). `loaded` is `respondent_fingerprint` of the page the change was
    made on: if someone else changed the respondent since, nothing is saved. Returns False
    if nothing changed."""
    response = _locked(response)
    ensure_open(response.round)
    if loaded is not None and loaded != respondent_fingerprint(response):
        raise EditConflictError(
            _(
                "Någon annan har bytt svarande sedan du öppnade sidan. Inget sparades; "
                "se vem som svarar nu och försök igen."
            ),
            [],
        )
    changed = _respondent_set(response, Respondent(name.strip(), email.strip(), role), editor)
    if changed and response.status == ResponseStatus.SUBMITTED:
        _send_on_commit(signals.response_changed, response)
    return changed


def _respondent_set(response: Response, new: Respondent, editor: Editor) -> bool:
    """Write the respondent (the response is locked); a replacement gets its log line. The
    first respondent of a new response is no replacement: there was no one to replace."""
    old = respondent_of(response)
    if old.same_as(new):
        return False
    response.respondent_name = new.name
    response.respondent_email = new.email
    response.respondent_role = new.role
    response.full_clean(validate_unique=False, validate_constraints=False)
    response.version += 1
    response.save(
        update_fields=[
            "respondent_name",
            "respondent_email",
            "respondent_role",
            "version",
            "updated_at",
        ]
    )
    if old.name or old.email:
        AnswerChange.objects.create(
            response=response,
            kind=ChangeKind.RESPONDENT,
            old_respondent_name=old.name,
            old_respondent_email=old.email,
            old_respondent_role=old.role,
            new_respondent_name=new.name,
            new_respondent_email=new.email,
            new_respondent_role=new.role,
            changed_by_name=editor.name,
            changed_by_email=editor.email,
            changed_by_user=editor.user,
            changed_in_browser=editor.browser,
            changed_in_tab=editor.tab,
            after_submission=response.status == ResponseStatus.SUBMITTED,
        )
    return True


def _official_response(survey_round: SurveyRound, municipality: Municipality) -> Response:
    lookup = {"round": survey_round, "municipality": municipality, "kind": ResponseKind.OFFICIAL}
    try:
        with transaction.atomic():
            return Response.objects.get_or_create(**lookup)[0]
    except IntegrityError:  # two people started at the same moment: take the one that won
        return Response.objects.get(**lookup)


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
    *,
    response: Response,
    editor: Editor,
    answers: dict[str, AnswerInput],
    comments_wait: bool = False,
) -> SaveResult:
    """Save what the editor changed. Nothing is saved if someone else changed the same
    answers since the editor loaded them (EditConflictError lists them).

    A comment on a question with no answer yet has no row to go in (a row is an answer).
    A full page post refuses it, and the page shows it again; with `comments_wait` (the
    autosave, which keeps the page) it is left out and named in `waiting`, and the rest of
    the page is saved."""
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
    edits, waiting = {}, []
    for code, submitted in answers.items():
        if comments_wait and _waits_for_level(current.get(code), submitted):
            waiting.append(code)
            continue
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
    return SaveResult(changed=list(edits), answers=current, waiting=waiting)


def _waits_for_level(answer: Answer | None, submitted: AnswerInput) -> bool:
    typed = submitted.comment.strip() or submitted.change_reason.strip()
    return answer is None and not submitted.state and bool(typed)


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
        changed_in_browser=editor.browser,
        changed_in_tab=editor.tab,
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
