"""Pages against a bare Django view on the same stack (middleware, session, database)."""

import io
import time

from django.core.cache import cache
from django.core.management import call_command
from django.db.models import Count
from django.test import Client

from bench.harness import analyze, compare, measure, measure_pair
from municipalities.models import Municipality
from reports.services import round_recompute
from surveys.models import SurveyRound
from tests.factories import MembershipFactory, UserFactory, make_national_staff

SETUP = [
    ("load_municipalities", {}),
    ("load_questionnaire", {}),
    ("load_reference", {}),
    ("generate_demo_data", {"municipalities": 290}),
]


def run() -> bool:
    print("\n== Pages (290 municipalities, demo rounds)")
    start = time.perf_counter()
    for command, options in SETUP:
        call_command(command, stdout=io.StringIO(), **options)
    for survey_round in SurveyRound.objects.order_by("year"):
        round_recompute(survey_round=survey_round)
    analyze()
    print(f"  reference data, demo rounds and their reports in {time.perf_counter() - start:.2f} s")
    staff = Client()
    staff.force_login(make_national_staff(UserFactory(email="bench-staff@example.se")))
    latest = SurveyRound.objects.order_by("-year").first()
    answered = (
        Municipality.objects.filter(
            responses__round__in=[latest, latest.previous_round], responses__status="submitted"
        )
        .annotate(rounds=Count("responses"))
        .filter(rounds=2)
        .order_by("-population")
        .first()
    )
    member = Client()
    member.force_login(MembershipFactory(municipality=answered).user)
    dashboard = f"/resultat/{latest.year}/{answered.code}/"
    own_page = f"/kommuner/{answered.code}/"
    report = f"/rapporter/{latest.year}/"
    assert b"plats" in member.get(dashboard).content, "the dashboard must show results"
    assert staff.get(report).status_code == 200
    print(measure("bare view returning 'ok'", lambda: staff.get("/bench/bare/")).line())
    pages = [
        ("staff: municipality list (290 rows)", staff, "/kommuner/", 8),
        ("member: own municipality page", member, own_page, 3),
        ("member: dashboard", member, dashboard, 2),
        ("staff: national report", staff, report, 10),
    ]
    checks = []
    for name, client, url, target in pages:
        subject, floor = measure_pair(
            name,
            lambda c=client, u=url: c.get(u),
            "bare view: session, user, base layout (floor)",
            lambda c=client: c.get("/bench/layout/"),
        )
        checks.append(compare(subject, floor, target_ratio=target))
    cold = measure(
        "member: dashboard, body not cached (informative)", lambda: _cold(member, dashboard)
    )
    print(cold.line())
    return all(checks)


def _cold(client: Client, url: str) -> None:
    cache.clear()
    client.get(url)
