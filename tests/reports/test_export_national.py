"""`export_national` (docs/architecture.md, "Interfaces"): the national table, checked
cell by cell against the scoring rules of docs/architecture.md computed by hand, and
against SKL's published 2006 table."""

import csv
import io
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from reports.models import Snapshot
from tests.factories import MunicipalityFactory, SurveyRoundFactory
from tests.reports.helpers import submit

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).resolve().parents[2] / "reports" / "data"
REFERENCE_CSV = REFERENCE / "skl-2006-2007-national-means.csv"
ORDER = [
    *["SL1", "SL2", "SL3", "SL4", "SL5", "SL"],
    *["SI1", "SI2", "SI3", "SI4", "SI"],
    *["FK1", "FK2", "FK3", "FK4", "FK5", "FK6", "FK"],
    *["IT1", "IT2", "IT3", "IT4", "IT"],
    "TOTAL",
]


def export(year: int, *options: str) -> str:
    out = io.StringIO()
    call_command("export_national", "--round", str(year), *options, stdout=out)
    return out.getvalue()


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def two_rounds():
    """Five municipalities over two rounds: "vet ej", unanswered indicators, a draft, a
    same-respondent panel (A, e-mail in another case), a panel with another respondent
    (B), one that answered only the previous round (C) and one only this round (E)."""
    a, b, c, d, e = (MunicipalityFactory(code=f"97{i:02d}") for i in range(1, 6))
    previous = SurveyRoundFactory(year=2024, status="published")
    submit(previous, a, {"SL1": 2, "SL2": 3, "SI1": 1, "FK1": 4, "IT1": None}, email="anna@a.se")
    submit(previous, b, {"SL1": 1, "SL2": None, "SI1": 3, "SI2": 2, "IT1": 2}, email="bo@b.se")
    submit(previous, c, {"SL1": 4, "FK1": 2}, email="cia@c.se")
    submit(previous, d, {"SL1": 1, "SI1": 1}, email="dan@d.se", submitted=False)
    current = SurveyRoundFactory(year=2025, previous_round=previous)
    submit(
        current,
        a,
        {"SL1": 3, "SL2": 3, "SI1": 2, "FK1": None, "IT1": 3, "IT2": 4},
        email="Anna@A.se",
    )
    submit(current, b, {"SL1": 2, "SL2": 2, "SI1": 4, "SI2": None, "IT1": 1}, email="ny@b.se")
    submit(current, d, {"SL1": None, "SI1": 1}, email="dan@d.se")
    submit(current, e, {"SL1": 4, "SI1": 3, "FK1": 2, "FK2": 3, "IT1": 2}, email="eva@e.se")
    return previous, current


# Municipal scores, by the rules of docs/architecture.md (cornerstone = mean of answered indicators,
# "vet ej" left out; total = mean of the cornerstone scores that exist):
#   2024  A: SL (2+3)/2 = 2.5, SI 1, FK 4, IT none (only "vet ej"); total (2.5+1+4)/3 = 2.5
#         B: SL 1 (SL2 "vet ej"), SI (3+2)/2 = 2.5, IT 2; total (1+2.5+2)/3 = 1.8333
#         C: SL 4, FK 2; total (4+2)/2 = 3          D: a draft, counts nowhere
#   2025  A: SL (3+3)/2 = 3, SI 2, FK none, IT (3+4)/2 = 3.5; total 8.5/3 = 2.8333
#         B: SL (2+2)/2 = 2, SI 4, IT 1; total 7/3 = 2.3333
#         D: SL none, SI 1; total 1
#         E: SL 4, SI 3, FK (2+3)/2 = 2.5, IT 2; total 11.5/4 = 2.875
# Same-respondent panel: A only (same e-mail, case aside); B changed respondent.
EXPECTED = {
    # code: (all_2024, all_2025, panel_2024, panel_2025)
    "SL1": ("2.333", "3.000", "2.000", "3.000"),  # (2+1+4)/3; (3+2+4)/3, D "vet ej"; A 2; A 3
    "SL2": ("3.000", "2.500", "3.000", "3.000"),  # A 3 (B "vet ej"); (3+2)/2; A 3; A 3
    "SL3": ("", "", "", ""),
    "SL4": ("", "", "", ""),
    "SL5": ("", "", "", ""),
    "SL": ("2.500", "3.000", "2.500", "3.000"),  # (2.5+1+4)/3; (3+2+4)/3; A 2.5; A 3
    "SI1": ("2.000", "2.500", "1.000", "2.000"),  # (1+3)/2; (2+4+1+3)/4; A 1; A 2
    "SI2": ("2.000", "", "", ""),  # B 2; B "vet ej": no value
    "SI3": ("", "", "", ""),
    "SI4": ("", "", "", ""),
    "SI": ("1.750", "2.500", "1.000", "2.000"),  # (1+2.5)/2; (2+4+1+3)/4; A 1; A 2
    "FK1": ("3.000", "2.000", "4.000", ""),  # (4+2)/2; E 2 (A "vet ej"); A 4; A "vet ej"
    "FK2": ("", "3.000", "", ""),  # E 3
    "FK3": ("", "", "", ""),
    "FK4": ("", "", "", ""),
    "FK5": ("", "", "", ""),
    "FK6": ("", "", "", ""),
    "FK": ("3.000", "2.500", "4.000", ""),  # (4+2)/2; E 2.5; A 4; A none
    "IT1": ("2.000", "2.000", "", "3.000"),  # B 2 (A "vet ej"); (3+1+2)/3; A "vet ej"; A 3
    "IT2": ("", "4.000", "", "4.000"),  # A 4; A unanswered in 2024; A 4
    "IT3": ("", "", "", ""),
    "IT4": ("", "", "", ""),
    "IT": ("2.000", "2.167", "", "3.500"),  # B 2; (3.5+1+2)/3 = 2.1667; A none; A 3.5
    # (2.5+1.8333+3)/3 = 2.4444; (2.8333+2.3333+1+2.875)/4 = 2.2604; A 2.5; A 2.8333
    "TOTAL": ("2.444", "2.260", "2.500", "2.833"),
}


def test_csv_matches_the_rules_computed_by_hand(two_rounds):
    text = export(2025)

    assert text.splitlines()[0] == "level,code,all_2024,all_2025,panel_2024,panel_2025"
    rows = rows_of(text)
    assert [row["code"] for row in rows] == ORDER
    for row in rows:
        cells = (row["all_2024"], row["all_2025"], row["panel_2024"], row["panel_2025"])
        assert cells == EXPECTED[row["code"]], row["code"]
    levels = {row["code"]: row["level"] for row in rows}
    assert (levels["SL1"], levels["SL"], levels["TOTAL"]) == ("indicator", "cornerstone", "total")


def test_export_computes_missing_snapshots_first(two_rounds):
    assert not Snapshot.objects.exists()

    export(2025)

    assert Snapshot.objects.filter(is_current=True, kind="computed").count() == 2


def test_xlsx_holds_the_same_table_with_numbers(two_rounds, tmp_path):
    target = tmp_path / "national.xlsx"
    csv_rows = rows_of(export(2025))

    export(2025, "--format", "xlsx", "--output", str(target))

    sheet = load_workbook(target).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("level", "code", "all_2024", "all_2025", "panel_2024", "panel_2025")
    assert len(values) == len(csv_rows) + 1
    total = values[-1]
    assert total[:2] == ("total", "TOTAL")
    assert all(isinstance(value, float) for value in total[2:])
    for row, csv_row in zip(values[1:], csv_rows, strict=True):
        as_csv = ["" if value is None else f"{value:.3f}" for value in row[2:]]
        assert as_csv == [csv_row[key] for key in list(csv_row)[2:]]


def test_csv_to_a_file(two_rounds, tmp_path):
    target = tmp_path / "national.csv"

    export(2025, "--output", str(target))

    assert target.read_text(encoding="utf-8") == export(2025)


def test_without_a_previous_round_the_previous_columns_are_empty(two_rounds):
    rows = rows_of(export(2024))

    sl1 = next(row for row in rows if row["code"] == "SL1")
    assert sl1 == {
        "level": "indicator",
        "code": "SL1",
        "all_2023": "",
        "all_2024": "2.333",
        "panel_2023": "",
        "panel_2024": "",
    }


def test_an_unknown_round_is_an_error_not_a_traceback(db):
    with pytest.raises(CommandError, match="no survey round for 1999"):
        export(1999)


def test_xlsx_to_a_text_only_stdout_asks_for_a_file(two_rounds):
    with pytest.raises(CommandError, match="--output"):
        export(2025, "--format", "xlsx")


def _published(column: str) -> dict[str, str]:
    with REFERENCE_CSV.open(encoding="utf-8") as stream:
        return {row["code"]: row[column] for row in csv.DictReader(stream)}


def _values_for_mean(mean: str, count: int, shift: int) -> list[int]:
    """`count` answers 1–4 whose mean is exactly `mean`: the sum split as evenly as it
    goes (2.2 over 10 = eight 2s and two 3s), rotated so municipalities differ."""
    whole, extra = divmod(round(Decimal(mean) * count), count)
    values = [whole + 1 if (index + shift) % count < extra else whole for index in range(count)]
    assert sum(values) == Decimal(mean) * count and all(1 <= v <= 4 for v in values)
    return values


def test_reproduces_skls_published_2006_table(db):
    published = _published("all_2006")
    indicators = [code for code in ORDER if code[-1].isdigit()]
    survey_round = SurveyRoundFactory(year=2006, status="published")
    municipalities = [MunicipalityFactory(code=f"96{i:02d}") for i in range(10)]
    answers = {
        code: _values_for_mean(published[code], len(municipalities), shift)
        for shift, code in enumerate(indicators)
    }
    for index, municipality in enumerate(municipalities):
        submit(survey_round, municipality, {code: answers[code][index] for code in indicators})

    rows = rows_of(export(2006))

    assert [row["code"] for row in rows] == list(published)
    for row in rows:
        one_decimal = Decimal(row["all_2006"]).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        assert str(one_decimal) == published[row["code"]], row["code"]
