from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.services_reference import REFERENCE_FILE, ReferenceFileError, reference_load


class Command(BaseCommand):
    help = (
        "Load the national means SKL published for 2006 and 2007 as a reference series "
        "(not as survey rounds). Idempotent."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--file", default=str(REFERENCE_FILE), help="the published table (CSV)")

    def handle(self, *args, file: str, **options) -> None:
        try:
            result = reference_load(path=Path(file))
        except (OSError, ReferenceFileError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Published reference means: {result.created} created, {result.updated} "
                f"updated, {result.unchanged} unchanged."
            )
        )
