from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from surveys.models import SurveyRound
from surveys.services.imports import responses_import


class Command(BaseCommand):
    help = (
        "Import a round's responses from a CSV file (municipality_code, respondent_name, "
        "respondent_email, respondent_role and one column per indicator): all rows or none."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--round", dest="year", type=int, required=True, metavar="YEAR")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the answers of municipalities that already have a response",
        )
        parser.add_argument("file", type=Path, metavar="FILE.csv")

    def handle(self, *args, year: int, replace: bool, file: Path, **options) -> None:
        survey_round = SurveyRound.objects.filter(year=year).first()
        if survey_round is None:
            raise CommandError(f"There is no round for {year}: create it with create_round {year}.")
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        report = responses_import(
            survey_round=survey_round, data=file.read_bytes(), replace=replace
        )
        for problem in report.errors:
            self.stderr.write(str(problem))
        if report.errors:
            raise CommandError(f"{len(report.errors)} error(s) in {file.name}: nothing imported.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Round {year}: {report.imported} response(s) imported from {file.name}, "
                f"{report.replaced} of them replacing earlier ones."
            )
        )
