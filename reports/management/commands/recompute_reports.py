from django.core.management.base import BaseCommand, CommandError

from reports.services import round_recompute
from surveys.models import SurveyRound


class Command(BaseCommand):
    help = "Recompute reports now, in this process (the service the worker runs)."

    def add_arguments(self, parser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--round", type=int, dest="year", help="the round's year")
        which.add_argument("--all", action="store_true", help="every round, oldest first")

    def handle(self, *args, year: int | None, all: bool, **options) -> None:
        if all:
            rounds = list(SurveyRound.objects.order_by("year"))
        else:
            rounds = list(SurveyRound.objects.filter(year=year))
            if not rounds:
                raise CommandError(f"There is no survey round for {year}.")
        for survey_round in rounds:
            snapshot = round_recompute(survey_round=survey_round, force=True)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Round {survey_round.year}: {snapshot.responses} submitted responses, "
                    f"recomputed in {snapshot.duration_ms} ms."
                )
            )
