from django.core.management.base import BaseCommand

from municipalities.services import municipalities_load


class Command(BaseCommand):
    help = "Load all 290 municipalities and 21 counties from the shipped reference data."

    def handle(self, *args, **options) -> None:
        result = municipalities_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Municipalities: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )
