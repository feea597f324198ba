import time

from django.core.management.base import BaseCommand, CommandError

from surveys.demo import (
    DemoDataError,
    DemoLogin,
    DemoSummary,
    demo_data_exists,
    demo_data_generate,
    demo_users_ensure,
)


class Command(BaseCommand):
    help = (
        "Generate demo survey rounds with contacts, invitations, responses and answers "
        "(earlier years published, this year's open), and optionally demo logins. Run "
        "load_municipalities and load_questionnaire first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--municipalities", type=int, default=290, help="how many, spread by size"
        )
        parser.add_argument(
            "--years",
            type=int,
            nargs="+",
            help="default: the two years before this one (published); this year's is open",
        )
        parser.add_argument("--seed", type=int, default=2007, help="same seed, same answers")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if any survey round exists"
        )
        parser.add_argument(
            "--with-users", action="store_true", help="create the demo logins and print them"
        )

    def handle(self, *args, if_empty: bool, with_users: bool, **options) -> None:
        if if_empty and demo_data_exists():
            self.stdout.write("Survey rounds exist already: no demo data generated.")
        else:
            self._generate(options["municipalities"], options["years"], options["seed"])
        if with_users:
            self._write_logins(demo_users_ensure())

    def _generate(self, municipalities: int, years: list[int], seed: int) -> None:
        started = time.monotonic()
        try:
            summary = demo_data_generate(municipalities=municipalities, years=years, seed=seed)
        except DemoDataError as error:
            raise CommandError(str(error)) from None
        self._write_summary(summary, time.monotonic() - started)

    def _write_summary(self, summary: DemoSummary, seconds: float) -> None:
        rounds = ", ".join(f"{r.year} ({r.status})" for r in summary.rounds)
        drafts = summary.responses - summary.submitted
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data for {summary.municipalities} municipalities in {seconds:.1f} s: "
                f"rounds {rounds}; {summary.responses} responses ({summary.submitted} "
                f"submitted, {drafts} drafts), {summary.answers} answers, "
                f"{summary.invitations} invitations; {summary.contacts_created} contacts created."
            )
        )

    def _write_logins(self, logins: list[DemoLogin]) -> None:
        passwords = {login.password for login in logins}
        self.stdout.write(self.style.SUCCESS(f"Demo logins, password: {' / '.join(passwords)}"))
        for login in logins:
            self.stdout.write(f"  {login.email:<32} {login.description}")
