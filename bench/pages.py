"""Pages against a bare Django view on the same stack (middleware, session, database)."""

import io
import time

from django.core.management import call_command
from django.test import Client

from bench.harness import compare, measure
from municipalities.models import Municipality
from tests.factories import MembershipFactory, UserFactory, make_national_staff

SETUP = [
    ("load_municipalities", {}),
    ("load_questionnaire", {}),
    ("generate_demo_data", {"municipalities": 290}),
]


def run() -> bool:
    print("\n== Pages (290 municipalities, demo rounds)")
    start = time.perf_counter()
    for command, options in SETUP:
        call_command(command, stdout=io.StringIO(), **options)
    print(f"  reference data and demo rounds loaded in {time.perf_counter() - start:.2f} s")
    staff = Client()
    staff.force_login(make_national_staff(UserFactory(email="bench-staff@example.se")))
    member = Client()
    member.force_login(MembershipFactory(municipality=Municipality.objects.get(code="0380")).user)
    floor = measure(
        "bare view: session, user, base layout (floor)", lambda: staff.get("/bench/layout/")
    )
    print(measure("bare view returning 'ok'", lambda: staff.get("/bench/bare/")).line())
    checks = [
        compare(
            measure("staff: municipality list (290 rows)", lambda: staff.get("/kommuner/")),
            floor,
            target_ratio=8,
        ),
        compare(
            measure("member: own municipality page", lambda: member.get("/kommuner/0380/")),
            floor,
            target_ratio=3,
        ),
    ]
    return all(checks)
