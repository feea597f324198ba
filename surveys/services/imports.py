"""Moving a round's responses in from a CSV file (`import_responses`): all rows or none.

The file is `municipality_code,respondent_name,respondent_email,respondent_role,SL1,…,IT4`
(the round's indicator codes, in any column order), comma- or semicolon-separated (Swedish
Excel), UTF-8 with or without a BOM. A value is 1–4, or empty / "vet ej" for don't know.
Every problem is reported with its line in the file; if there is any, nothing is written.

Imported responses are submitted official responses. They are stamped as submitted now if
the round is open, else at noon on the round's last day (or now, if that is still to
come), so an earlier round's answers carry that round's date.
"""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.csvfiles import CsvFileError, csv_records
from common.validators import ONE_LINE_MESSAGE, has_control_characters
from municipalities.models import Municipality, Role
from surveys import signals
from surveys.models import (
    Answer,
    AnswerChange,
    Indicator,
    Response,
    ResponseKind,
    ResponseStatus,
    RoundStatus,
    SurveyRound,
)
from surveys.selectors.answering import state_of

PERSON_COLUMNS = ["municipality_code", "respondent_name", "respondent_email", "respondent_role"]
DONT_KNOW = "vet ej"
IMPORT_EDITOR = "import"
VALUES = {"1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class ImportProblem:
    line: int | None  # the line in the file; None when the file as a whole is unreadable
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("Rad %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportReport:
    imported: int = 0  # responses written, the replaced ones included
    replaced: int = 0
    errors: list[ImportProblem] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    municipality: Municipality
    name: str
    email: str
    role: str
    values: dict[str, int | None]  # indicator code -> level; None is "vet ej"


@dataclass
class _Known:
    """What rows are checked against, read once for the whole file."""

    survey_round: SurveyRound
    replace: bool
    columns: dict[str, int]  # column name -> position in the row
    width: int
    indicators: list[Indicator]
    municipalities: dict[str, Municipality]
    existing: dict[int, Response]  # municipality id -> its response in the round
    roles: dict[str, str]
    seen: dict[str, int] = field(default_factory=dict)  # municipality code -> line


def responses_import(
    *, survey_round: SurveyRound, data: bytes, replace: bool = False
) -> ImportReport:
    """Import every row of the file into the round, or none if any row is wrong.

    With `replace`, a municipality that already has a response in the round gets its
    answers replaced, each change recorded in the change log as made by "import".
    """
    report = ImportReport()
    records = _records(data, report)
    if records is None:
        return report
    indicators = list(
        Indicator.objects.filter(cornerstone__questionnaire_id=survey_round.questionnaire_id)
    )
    known = _known(survey_round, replace, records, indicators, report)
    if known is None:
        return report
    rows = [row for line, cells in records[1:] if (row := _row(line, cells, known, report))]
    if not report.errors:
        _write(known, rows, report)
    return report


def _records(data: bytes, report: ImportReport) -> list[tuple[int, list[str]]] | None:
    """The file's non-blank rows with their line numbers, or None (and a problem)."""
    try:
        records = csv_records(data)
    except CsvFileError as error:
        report.errors.append(ImportProblem(error.line, error.message))
        return None
    if len(records) < 2:
        report.errors.append(ImportProblem(None, _("Filen har inga rader med svar.")))
        return None
    return records


def _known(
    survey_round: SurveyRound,
    replace: bool,
    records: list[tuple[int, list[str]]],
    indicators: list[Indicator],
    report: ImportReport,
) -> _Known | None:
    header_line, header = records[0]
    columns = _columns(header_line, header, [i.code for i in indicators], report)
    if columns is None:
        return None
    position = columns["municipality_code"]
    codes = {
        _municipality_code(cells[position]) for _, cells in records[1:] if len(cells) > position
    }
    existing = Response.objects.filter(
        round=survey_round, kind=ResponseKind.OFFICIAL, municipality__code__in=codes
    )
    return _Known(
        survey_round=survey_round,
        replace=replace,
        columns=columns,
        width=len(header),
        indicators=indicators,
        municipalities={m.code: m for m in Municipality.objects.filter(code__in=codes)},
        existing={response.municipality_id: response for response in existing},
        roles=_role_names(),
    )


def _columns(line: int, header: list[str], codes: list[str], report) -> dict[str, int] | None:
    """Where each required column is; None (and problems) unless exactly those are there."""
    expected = PERSON_COLUMNS + codes
    canonical = {name.casefold(): name for name in expected}
    columns: dict[str, int] = {}
    unknown, duplicate = [], []
    for position, cell in enumerate(header):
        name = canonical.get(cell.strip().casefold())
        if name is None:
            unknown.append(cell.strip() or _("(tom rubrik i kolumn %d)") % (position + 1))
        elif name in columns:
            duplicate.append(name)
        else:
            columns[name] = position
    missing = [name for name in expected if name not in columns]
    problems = [
        (unknown, _("Okända kolumner: %s.")),
        (duplicate, _("Kolumner som förekommer mer än en gång: %s.")),
        (missing, _("Kolumner som saknas: %s.")),
    ]
    for names, message in problems:
        if names:
            report.errors.append(ImportProblem(line, message % ", ".join(names)))
    if unknown or duplicate or missing:
        hint = _("Rubrikraden ska innehålla: %s.") % ",".join(expected)
        report.errors.append(ImportProblem(line, hint))
        return None
    return columns


def _municipality_code(cell: str) -> str:
    """Excel drops a code's leading zero ("0114" becomes 114); put it back."""
    code = cell.strip()
    return code.zfill(4) if code.isdigit() and len(code) < 4 else code


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _role_names() -> dict[str, str]:
    """Role codes and labels ("IT-chef", "Informatör", "Kommunchef / kommundirektör")."""
    names = {}
    for role in Role:
        for language in ("sv", "en"):
            with translation.override(language):
                label = str(role.label)
            for name in [role.value, label, *label.split("/")]:
                names[_folded(name)] = role.value
    return names


def _row(line: int, cells: list[str], known: _Known, report: ImportReport) -> _Row | None:
    if len(cells) != known.width:
        message = _("raden har %(found)d celler men rubrikraden har %(expected)d.") % {
            "found": len(cells),
            "expected": known.width,
        }
        report.errors.append(ImportProblem(line, message))
        return None
    problems: list[str] = []

    def cell(name: str) -> str:
        return cells[known.columns[name]].strip()

    municipality = _municipality(line, cell("municipality_code"), known, problems)
    name = _name(cell("respondent_name"), problems)
    email = _email(cell("respondent_email"), problems)
    role = _role(cell("respondent_role"), known, problems)
    values = {i.code: _value(i.code, cell(i.code), problems) for i in known.indicators}
    report.errors.extend(ImportProblem(line, problem) for problem in problems)
    if problems:
        return None
    return _Row(line, municipality, name, email, role, values)


def _municipality(line: int, cell: str, known: _Known, problems: list[str]):
    code = _municipality_code(cell)
    municipality = known.municipalities.get(code)
    if not code:
        problems.append(_("kommunkod saknas."))
    elif municipality is None:
        problems.append(_("okänd kommunkod ”%(code)s”.") % {"code": cell})
    elif code in known.seen:
        problems.append(
            _("%(name)s (%(code)s) finns redan på rad %(line)d.")
            % {"name": municipality.name, "code": code, "line": known.seen[code]}
        )
    elif municipality.pk in known.existing and not known.replace:
        problems.append(
            _(
                "%(name)s (%(code)s) har redan ett svar i omgång %(year)d. "
                "Importera med --replace för att ersätta det."
            )
            % {"name": municipality.name, "code": code, "year": known.survey_round.year}
        )
    known.seen.setdefault(code, line)
    return municipality


def _name(cell: str, problems: list[str]) -> str:
    max_length = Response._meta.get_field("respondent_name").max_length
    if not cell:
        problems.append(_("svarandens namn saknas."))
    elif len(cell) > max_length:
        problems.append(_("namnet är längre än %(max)d tecken.") % {"max": max_length})
    elif has_control_characters(cell):
        problems.append(_("namnet: %(message)s") % {"message": ONE_LINE_MESSAGE})
    return cell


def _email(cell: str, problems: list[str]) -> str:
    max_length = Response._meta.get_field("respondent_email").max_length
    if not cell:
        problems.append(_("e-postadress saknas."))
        return cell
    if len(cell) > max_length:  # validate_email takes up to 320
        problems.append(_("e-postadressen är längre än %(max)d tecken.") % {"max": max_length})
        return cell
    try:
        validate_email(cell)
    except ValidationError:
        problems.append(_("ogiltig e-postadress ”%(email)s”.") % {"email": cell})
    return cell


def _role(cell: str, known: _Known, problems: list[str]) -> str:
    role = known.roles.get(_folded(cell), "")
    if not cell:
        problems.append(_("roll saknas."))
    elif not role:
        problems.append(
            _(
                "okänd roll ”%(role)s” (giltiga: kommunchef, IT-chef, informatör, "
                "ekonom, administratör, övrig)."
            )
            % {"role": cell}
        )
    return role


def _value(code: str, cell: str, problems: list[str]) -> int | None:
    if _folded(cell) in ("", DONT_KNOW):
        return None
    if cell in VALUES:
        return VALUES[cell]
    problems.append(
        _("%(code)s: ogiltigt värde ”%(value)s” (ska vara 1–4, tomt eller vet ej).")
        % {"code": code, "value": cell}
    )
    return None


def _write(known: _Known, rows: list[_Row], report: ImportReport) -> None:
    submitted_at = _submitted_at(known.survey_round)
    new = [row for row in rows if row.municipality.pk not in known.existing]
    old = [row for row in rows if row.municipality.pk in known.existing]
    try:
        with transaction.atomic():
            created = _create(known, new, submitted_at)
            replaced = _replace(known, old, submitted_at)
    except IntegrityError:
        # A respondent started answering while the file was checked (the round is open).
        message = _("Någon började svara för en av kommunerna under importen. Försök igen.")
        report.errors.append(ImportProblem(None, message))
        return
    report.imported, report.replaced = len(rows), len(old)
    if known.survey_round.status == RoundStatus.OPEN:
        notices = [(signals.response_submitted, response) for response in created]
        notices += [
            (signals.response_changed if was_submitted else signals.response_submitted, response)
            for response, was_submitted in replaced
        ]
        transaction.on_commit(lambda: _notify(notices))


def _submitted_at(survey_round: SurveyRound) -> datetime:
    now = timezone.now()
    if survey_round.status == RoundStatus.OPEN:
        return now
    last_day = timezone.make_aware(datetime.combine(survey_round.closes_on, time(12)))
    return min(last_day, now)


def _create(known: _Known, rows: list[_Row], submitted_at: datetime) -> list[Response]:
    responses = Response.objects.bulk_create(
        [_response(known.survey_round, row, submitted_at) for row in rows]
    )
    Answer.objects.bulk_create(
        [
            Answer(response=response, indicator=indicator, value=row.values[indicator.code])
            for row, response in zip(rows, responses, strict=True)
            for indicator in known.indicators
        ],
        batch_size=2000,
    )
    # There was no start page: the response "started" when it was submitted.
    Response.objects.filter(pk__in=[r.pk for r in responses]).update(started_at=submitted_at)
    return responses


def _response(survey_round: SurveyRound, row: _Row, submitted_at: datetime) -> Response:
    return Response(
        round=survey_round,
        municipality=row.municipality,
        kind=ResponseKind.OFFICIAL,
        status=ResponseStatus.SUBMITTED,
        respondent_name=row.name,
        respondent_email=row.email,
        respondent_role=row.role,
        submitted_at=submitted_at,
    )


def _replace(known: _Known, rows: list[_Row], submitted_at: datetime):
    """Replace existing responses' answers; returns each response and whether it had been
    submitted before."""
    if not rows:
        return []
    # Locked, so that a respondent saving at this moment waits and then gets a conflict.
    locked = Response.objects.select_for_update().in_bulk(
        [known.existing[row.municipality.pk].pk for row in rows]
    )
    pairs = [(row, locked[known.existing[row.municipality.pk].pk]) for row in rows]
    replaced = [(response, response.status == ResponseStatus.SUBMITTED) for _, response in pairs]
    _answers_replace(known, pairs)
    fields = ["respondent_name", "respondent_email", "respondent_role", "status"]
    Response.objects.bulk_update(
        [_resubmitted(response, row, submitted_at) for row, response in pairs],
        [*fields, "submitted_at", "version", "updated_at"],
    )
    return replaced


def _answers_replace(known: _Known, pairs: list[tuple[_Row, Response]]) -> None:
    current = {
        (a.response_id, a.indicator_id): a
        for a in Answer.objects.filter(response__in=[response for _, response in pairs])
    }
    changes, updated, added = [], [], []
    for row, response in pairs:
        for indicator in known.indicators:
            answer = current.get((response.pk, indicator.pk))
            new_answer = _replaced_answer(response, indicator, answer, row.values[indicator.code])
            if new_answer is not None:
                (updated if answer else added).append(new_answer)
                changes.append(_change(response, indicator, answer, new_answer))
    fields = ["value", "comment", "change_reason", "version", "updated_at"]
    Answer.objects.bulk_update(updated, fields, batch_size=2000)
    Answer.objects.bulk_create(added, batch_size=2000)
    AnswerChange.objects.bulk_create(changes, batch_size=2000)


def _replaced_answer(response, indicator, answer: Answer | None, value: int | None):
    """The answer as the file has it, or None if it already is (no change, no log)."""
    if answer and answer.value == value and not (answer.comment or answer.change_reason):
        return None
    # A new version, so that someone editing the old one gets a conflict, not an overwrite.
    version = answer.version + 1 if answer else 1
    return Answer(
        pk=answer.pk if answer else None,
        response=response,
        indicator=indicator,
        value=value,
        version=version,
        updated_at=timezone.now(),
    )


def _change(response: Response, indicator: Indicator, old: Answer | None, new: Answer):
    return AnswerChange(
        response=response,
        indicator=indicator,
        old_state=state_of(old),
        new_state=state_of(new),
        old_comment=old.comment if old else "",
        new_comment="",
        changed_by_name=IMPORT_EDITOR,
        after_submission=response.status == ResponseStatus.SUBMITTED,
    )


def _resubmitted(response: Response, row: _Row, submitted_at: datetime) -> Response:
    response.respondent_name = row.name
    response.respondent_email = row.email
    response.respondent_role = row.role
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = response.submitted_at or submitted_at
    response.version += 1
    response.updated_at = timezone.now()
    return response


def _notify(notices: list) -> None:
    for signal, response in notices:
        signal.send(sender=Response, response=response)
