from django.core.management.base import BaseCommand, CommandError

from reports.services import round_recompute
from surveys.models import SurveyRound


class Command(BaseCommand):
    help = "Recompute a round's reports now, in this process (the service the worker runs)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--round", type=int, required=True, dest="year", help="the year")

    def handle(self, *args, year: int, **options) -> None:
        survey_round = SurveyRound.objects.filter(year=year).first()
        if survey_round is None:
            raise CommandError(f"There is no survey round for {year}.")
        snapshot = round_recompute(survey_round=survey_round, force=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"Round {year}: {snapshot.responses} submitted responses, "
                f"recomputed in {snapshot.duration_ms} ms."
            )
        )
