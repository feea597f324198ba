"""Uploaded CSV files as Swedish users make them: UTF-8 with or without Excel's BOM,
separated by commas, semicolons (Excel in Swedish: the comma is the decimal sign) or
tabs, with Excel's rows of bare separators left out. Every row keeps the line it starts
on, so that problems can be reported by line."""

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _


class CsvFileError(Exception):
    """The file as a whole cannot be read; `line` is where, when that is known."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def csv_records(data: bytes) -> list[tuple[int, list[str]]]:
    """The file's non-blank rows, each with the line it starts on; at least one."""
    text = _text(data)
    records: list[tuple[int, list[str]]] = []
    try:
        records.extend(_read(text))
    except csv.Error as error:
        line = records[-1][0] + 1 if records else 1
        raise CsvFileError(line, _unreadable(error)) from None
    if not records:
        raise CsvFileError(None, _("Filen är tom."))
    return records


def _unreadable(error: csv.Error) -> str:
    """The csv module's reason, in Swedish: its own messages are English, and for a
    person who saved a file from Excel they say nothing about what to do."""
    if "field larger than field limit" in str(error):
        return _(
            "ett fält är längre än %(limit)d tecken. Oftast saknas ett avslutande "
            'citattecken ("), så att resten av filen läses som ett enda fält. Rätta raden och '
            "försök igen."
        ) % {"limit": csv.field_size_limit()}
    return _(
        'filen går inte att läsa som CSV. Kontrollera att citattecken (") står parvis och '
        "spara filen som ”CSV UTF-8” igen."
    )


def _text(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _not_utf8(data[: error.start].count(b"\n") + 1) from None
    # A NUL is valid UTF-8 but in no text: UTF-16 without its BOM, or not text at all. Let
    # through, it reached PostgreSQL, which refuses it in text: a server error.
    if "\x00" in text:
        raise _not_utf8(text[: text.index("\x00")].count("\n") + 1)
    return text


def _not_utf8(line: int) -> CsvFileError:
    return CsvFileError(
        None,
        _(
            "Filen är inte UTF-8-kodad (ogiltigt tecken på rad %(line)d). "
            "Spara den som ”CSV UTF-8” och försök igen."
        )
        % {"line": line},
    )


def _read(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    start = 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            yield start, cells
        start = reader.line_num + 1


def _delimiter(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    return max(",;\t", key=header.count)
