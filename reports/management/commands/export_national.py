from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.exports.national import national_rows
from reports.exports.sheets import csv_write, xlsx_bytes
from reports.selectors.national import national_table
from reports.selectors.snapshots import current_snapshot
from reports.services import round_recompute
from surveys.models import SurveyRound


class Command(BaseCommand):
    help = (
        "Write a round's national table (indicator, cornerstone and total means for all "
        "respondents and the same-respondent panel, previous round against this one) as "
        "CSV or XLSX, to standard output unless --output is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--round", type=int, required=True, dest="year", help="the year")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", type=Path, help="a file to write instead of stdout")

    def handle(self, *args, year: int, format: str, output: Path | None, **options) -> None:
        survey_round = (
            SurveyRound.objects.select_related("previous_round").filter(year=year).first()
        )
        if survey_round is None:
            raise CommandError(f"There is no survey round for {year}.")
        for compared in (survey_round, survey_round.previous_round):
            if compared is not None and current_snapshot(compared.pk) is None:
                round_recompute(survey_round=compared)
        sheet = national_rows(national_table(survey_round=survey_round, viewer_is_staff=True))
        try:
            if format == "csv":
                self._write_csv(sheet, output)
            else:
                self._write_xlsx(xlsx_bytes([sheet]), output)
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error.strerror}.") from None

    def _write_csv(self, sheet, output: Path | None) -> None:
        if output is None:
            csv_write(sheet, self.stdout)
            return
        with output.open("w", encoding="utf-8", newline="") as stream:
            csv_write(sheet, stream)

    def _write_xlsx(self, data: bytes, output: Path | None) -> None:
        if output is not None:
            output.write_bytes(data)
            return
        binary = getattr(self.stdout._out, "buffer", None)
        if binary is None:
            raise CommandError("Give --output FILE for xlsx: this standard output is text only.")
        binary.write(data)
        binary.flush()
