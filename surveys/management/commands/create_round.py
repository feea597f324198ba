import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from surveys.models import Questionnaire
from surveys.selectors.rounds import questionnaire_latest
from surveys.services import round_create
from surveys.staff_forms import default_dates


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text!r}") from None


class Command(BaseCommand):
    help = (
        "Create a planned survey round for YEAR, compared with the latest earlier round. "
        "Defaults: the latest questionnaire, opening today and closing in six weeks."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument("--opens", type=iso_date, help="first day, YYYY-MM-DD")
        parser.add_argument("--closes", type=iso_date, help="last day, YYYY-MM-DD")
        parser.add_argument("--questionnaire", help="SLUG:VERSION, e.g. e-forvaltning:2007")

    def handle(self, *args, year: int, opens, closes, questionnaire, **options) -> None:
        opens, default_closes = default_dates(opens)
        closes = closes or default_closes
        try:
            survey_round = round_create(
                year=year,
                questionnaire=self._questionnaire(questionnaire),
                opens_on=opens,
                closes_on=closes,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        previous = survey_round.previous_round
        self.stdout.write(
            self.style.SUCCESS(
                f"Round {year} created (planned) on {survey_round.questionnaire.label}: "
                f"opens {opens}, closes {closes}, "
                + (f"compared with {previous.year}." if previous else "no earlier round.")
            )
        )

    def _questionnaire(self, given: str | None) -> Questionnaire:
        if given is None:
            latest = questionnaire_latest()
            if latest is None:
                raise CommandError("No questionnaire is loaded: run load_questionnaire first.")
            return latest
        slug, _, version = given.partition(":")
        if not version.isdigit():
            raise CommandError(
                f"--questionnaire takes SLUG:VERSION, e.g. e-forvaltning:1, not {given!r}."
            )
        found = Questionnaire.objects.filter(slug=slug, version=int(version)).first()
        if found is None:
            known = ", ".join(f"{q.slug}:{q.version}" for q in Questionnaire.objects.all())
            raise CommandError(f"No questionnaire {given}. Loaded: {known or 'none'}.")
        return found
