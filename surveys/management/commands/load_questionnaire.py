from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from surveys.services import questionnaire_files, questionnaire_load


class Command(BaseCommand):
    help = "Load the questionnaire versions shipped in surveys/data (or the YAML files given)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="*", type=Path, help="YAML files; default: all shipped")

    def handle(self, *args, files: list[Path], **options) -> None:
        for path in files or questionnaire_files():
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            try:
                questionnaire, changed = questionnaire_load(path=path)
            except ValidationError as error:
                raise CommandError(f"{path.name}: {' '.join(error.messages)}") from None
            state = "loaded" if changed else "unchanged"
            self.stdout.write(self.style.SUCCESS(f"{questionnaire.label}: {state}"))
