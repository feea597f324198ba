"""The sheets every export writes (numbers stay numbers) and their CSV and XLSX writers."""

import csv
import io
from dataclasses import dataclass, field
from typing import TextIO

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.styles import Font

Cell = str | int | float | None


@dataclass(frozen=True)
class Sheet:
    title: str
    header: list[str]
    rows: list[list[Cell]]
    number_format: str = "0.000"
    widths: dict[int, int] = field(default_factory=dict)
    # Above the header, and in the printed page's header: what the figures are.
    note: str = ""


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def csv_write(sheet: Sheet, stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(sheet.header)
    writer.writerows([_csv_cell(value) for value in row] for row in sheet.rows)


def _excel_value(value: Cell | Promise) -> Cell:
    """Lazy translations become the text they stand for; openpyxl knows only plain str."""
    return str(value) if isinstance(value, Promise) else value


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    """One worksheet per sheet: a bold, frozen header; numbers stay numbers."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=str(sheet.title)[:31])
        if sheet.note:
            worksheet.append([str(sheet.note)])
            worksheet["A1"].font = Font(bold=True, color="9C0006")
            worksheet.oddHeader.center.text = str(sheet.note)
        header_row = 2 if sheet.note else 1
        worksheet.append([_excel_value(value) for value in sheet.header])
        for cell in worksheet[header_row]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            worksheet.append([_excel_value(value) for value in row])
        for row in worksheet.iter_rows(min_row=header_row + 1):
            for cell in row:
                if isinstance(cell.value, float):
                    cell.number_format = sheet.number_format
        for column, width in sheet.widths.items():
            worksheet.column_dimensions[chr(ord("A") + column)].width = width
        worksheet.freeze_panes = f"A{header_row + 1}"
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
