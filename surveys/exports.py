"""The participation list as a file staff open in Excel: CSV (UTF-8 with BOM, semicolons,
as Excel in Swedish reads it) or a workbook. Cells that Excel would take for a formula
are written as text."""

import csv
import datetime
import io
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | datetime.datetime | None


@dataclass(frozen=True)
class Sheet:
    header: list[str]
    rows: list[list[Cell]]


def participation_sheet(rows: list, *, indicators: int) -> Sheet:
    """One row per municipality, the columns of the page."""
    header = [
        _("Kommun"),
        _("Kod"),
        _("Län"),
        _("Storleksklass"),
        _("Status"),
        _("Besvarade indikatorer"),
        _("Av"),
        _("Senaste aktivitet"),
        _("Inskickat"),
        _("Mottagare"),
        _("Mottagarens e-post"),
        _("Inbjudan skickad"),
        _("Påminnelser"),
    ]
    body = [
        [
            row.name,
            row.code,
            row.county.name,
            row.size_band_label,
            str(row.status_label),
            row.answered,
            indicators,
            _local(row.last_activity),
            _local(row.submitted_at),
            row.recipient_name or "",
            row.recipient_email or "",
            _local(row.sent_at),
            row.reminders_sent or 0,
        ]
        for row in rows
    ]
    return Sheet(header, body)


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """In Swedish time and without a zone: Excel knows no zones."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(sheet: Sheet) -> bytes:
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow(sheet.header)
    writer.writerows([_text(value) for value in row] for row in sheet.rows)
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


def xlsx_bytes(sheet: Sheet, *, title: str) -> bytes:
    """A bold, frozen header; numbers and times stay numbers and times, text stays text."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = title[:31]
    worksheet.append(sheet.header)
    for cell in worksheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.rows:
        worksheet.append(row)
    for row in worksheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif cell.data_type == "f":  # a name that starts with "=" is a name
                cell.data_type = "s"
    worksheet.freeze_panes = "A2"
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
