"""Writes of the municipalities app: reference data, contacts and their CSV import."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.csvfiles import CsvFileError, csv_records
from municipalities.models import Contact, County, Municipality

DATA_DIR = Path(__file__).resolve().parent / "data"
CONTACT_COLUMNS = ["municipality_code", "name", "email", "title"]
DEFAULT_CONTACT_TITLE = "Kommunchef"


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def municipalities_load(*, data_dir: Path = DATA_DIR) -> LoadResult:
    """Create or update every county and municipality from the shipped CSV files.

    Idempotent: a second run changes nothing and reports every row as unchanged.
    """
    counties = {}
    for row in _read_csv(data_dir / "counties.csv"):
        counties[row["code"]], _created = County.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"]}
        )
    result = LoadResult()
    existing = {m.code: m for m in Municipality.objects.all()}
    for row in _read_csv(data_dir / "municipalities.csv"):
        values = {
            "name": row["name"],
            "county": counties[row["county_code"]],
            "population": int(row["population"]),
            "population_year": int(row["population_year"]),
            "skr_group": row["skr_group_code"],
        }
        _upsert_municipality(existing.get(row["code"]), row["code"], values, result)
    return result


def _upsert_municipality(current: Municipality | None, code: str, values: dict, result) -> None:
    if current is None:
        municipality = Municipality(code=code, **values)
        municipality.full_clean(exclude=["size_band"])
        municipality.save()
        result.created += 1
        return
    if all(getattr(current, name) == value for name, value in values.items()):
        result.unchanged += 1
        return
    for name, value in values.items():
        setattr(current, name, value)
    current.full_clean(exclude=["size_band"])
    current.save()
    result.updated += 1


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def contact_set(*, municipality: Municipality, name: str, email: str, title: str) -> Contact:
    contact = Contact(
        pk=getattr(_existing_contact(municipality), "pk", None),
        municipality=municipality,
        name=name.strip(),
        email=email.strip(),
        title=title.strip() or DEFAULT_CONTACT_TITLE,
    )
    contact.full_clean(validate_unique=False)
    contact.save()
    return contact


def _existing_contact(municipality: Municipality) -> Contact | None:
    return Contact.objects.filter(municipality=municipality).first()


@dataclass
class ImportReport:
    imported: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def contacts_import(*, data: bytes) -> ImportReport:
    """Import contacts from CSV: every row, or none if any row is bad.

    Columns: municipality_code,name,email,title (title may be empty: "Kommunchef").
    Comma or semicolon separated (Excel writes semicolons in Swedish), UTF-8.
    Every bad row is reported by its line number in the file.
    """
    report = ImportReport()
    rows = _parse_contact_rows(data, report)
    if not report.ok:
        return report
    with transaction.atomic():
        for municipality, values in rows:
            contact_set(municipality=municipality, **values)
    report.imported = len(rows)
    return report


def _parse_contact_rows(data: bytes, report: ImportReport) -> list[tuple[Municipality, dict]]:
    try:
        (_line, header), *body = csv_records(data)
    except CsvFileError as error:
        report.errors.append(_line_problem(error.line, error.message))
        return []
    if [column.strip().lower() for column in header] not in (CONTACT_COLUMNS, CONTACT_COLUMNS[:3]):
        columns = ",".join(CONTACT_COLUMNS)
        report.errors.append(_("Rad 1: kolumnerna ska vara %(columns)s.") % {"columns": columns})
        return []
    municipalities = {m.code: m for m in Municipality.objects.all()}
    rows, seen = [], {}
    for line, cells in body:
        parsed = _parse_contact_row(cells, line, municipalities, seen, report)
        if parsed:
            rows.append(parsed)
    if not rows and report.ok:
        report.errors.append(_("Filen innehåller inga rader med kontaktpersoner."))
    return rows


def _line_problem(line: int | None, problems: str) -> str:
    if line is None:
        return problems
    return _("Rad %(line)d: %(problems)s") % {"line": line, "problems": problems}


def _parse_contact_row(row, line, municipalities, seen, report):
    cells = [cell.strip() for cell in row] + [""] * len(CONTACT_COLUMNS)
    code, name, email, title = cells[:4]
    problems = []
    if len(row) > len(CONTACT_COLUMNS):
        problems.append(_("för många kolumner"))
    if code not in municipalities:
        problems.append(_("okänd kommunkod %(code)s") % {"code": repr(code)})
    elif code in seen:
        problems.append(
            _("kommunkod %(code)s står redan på rad %(line)d") % {"code": code, "line": seen[code]}
        )
    contact = Contact(name=name, email=email, title=title or DEFAULT_CONTACT_TITLE)
    try:
        contact.full_clean(exclude=["municipality"], validate_unique=False)
    except ValidationError as error:
        problems += [
            f"{Contact._meta.get_field(name).verbose_name}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    if problems:
        report.errors.append(_line_problem(line, "; ".join(problems)))
        return None
    seen[code] = line
    return municipalities[code], {"name": name, "email": email, "title": title}
