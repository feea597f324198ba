"""Writes of the published reference series: SKL's national means for 2006 and 2007.

They are loaded as reference figures beside the product's own rounds, not as survey
rounds, so a round for 2006 or 2007 can still be created and filled from raw data.
"""

import csv
import re
from pathlib import Path

from django.db import transaction

from municipalities.services import LoadResult
from reports.models import Level, Population, ReferenceMean

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "skl-2006-2007-national-means.csv"
SOURCE = "SKL, Delrapport 2 e-förvaltningsutveckling i Sveriges kommuner 2006 2007 (2008)"
# The file's "panel" is the same-respondent panel: the 85 municipalities where the same
# person answered both years (reports/data/README.md).
POPULATIONS = {"all": Population.ALL, "panel": Population.SAME}
# How many municipalities each published mean is over (reports/data/README.md).
PUBLISHED_N = {
    (2006, Population.ALL): 153,
    (2007, Population.ALL): 147,
    (2006, Population.SAME): 85,
    (2007, Population.SAME): 85,
}
VALUE_COLUMN = re.compile(r"^(?P<population>all|panel)_(?P<year>\d{4})$")


class ReferenceFileError(ValueError):
    """The reference file does not have the published table's layout."""


@transaction.atomic
def reference_load(*, path: Path = REFERENCE_FILE) -> LoadResult:
    """Create or update every published mean in the file.

    Idempotent: a second run changes nothing and reports every figure as unchanged.
    """
    existing = {(m.year, m.population, m.code): m for m in ReferenceMean.objects.all()}
    result = LoadResult()
    for values in _read_means(path):
        key = (values["year"], values["population"], values["code"])
        _upsert_mean(existing.get(key), values, result)
    return result


def _upsert_mean(current: ReferenceMean | None, values: dict, result: LoadResult) -> None:
    if current is not None and all(getattr(current, k) == v for k, v in values.items()):
        result.unchanged += 1
        return
    mean = current or ReferenceMean()
    for name, value in values.items():
        setattr(mean, name, value)
    mean.full_clean(validate_unique=False)
    mean.save()
    if current is None:
        result.created += 1
    else:
        result.updated += 1


def _read_means(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = _value_columns(reader.fieldnames or [])
        return [mean for row in reader for mean in _row_means(row, columns, line=reader.line_num)]


def _value_columns(fieldnames: list[str]) -> dict[str, tuple[int, str]]:
    """{column: (year, population)} for the file's all_YEAR and panel_YEAR columns."""
    columns = {}
    for name in fieldnames:
        match = VALUE_COLUMN.match(name)
        if match:
            year, population = int(match["year"]), POPULATIONS[match["population"]]
            if (year, population) not in PUBLISHED_N:
                raise ReferenceFileError(f"No published n for column {name}.")
            columns[name] = (year, population)
    if not {"level", "code"} <= set(fieldnames) or not columns:
        raise ReferenceFileError("Expected the columns level,code,all_YEAR…,panel_YEAR….")
    return columns


def _row_means(row: dict, columns: dict, *, line: int) -> list[dict]:
    if row["level"] not in Level.values:
        raise ReferenceFileError(f"Line {line}: unknown level {row['level']!r}.")
    means = []
    for column, (year, population) in columns.items():
        try:
            mean = float(row[column])
        except (TypeError, ValueError):
            raise ReferenceFileError(f"Line {line}: {column} is not a number.") from None
        means.append(
            {
                "year": year,
                "population": population.value,
                "level": row["level"],
                "code": row["code"],
                "mean": mean,
                "n": PUBLISHED_N[(year, population)],
                "source": SOURCE,
            }
        )
    return means
