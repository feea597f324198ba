"""Recomputing a round's reports, against the same aggregation as one raw SQL statement.

Targets (issue #4): a 290-municipality round in under 1 s; a 10 000-organisation round
within 2× the raw-SQL floor measured in the same run.
"""

import io
import random
import time

from django.core.management import call_command
from django.db import connection

from bench.harness import Figure, analyze, compare, measure
from municipalities.models import County, Municipality, SkrGroup
from reports import aggregation
from reports.models import GroupStat
from reports.services import round_recompute
from surveys.models import SurveyRound

QUIET = {"stdout": io.StringIO()}


def run() -> bool:
    print("\n== Report recompute")
    small, small_floor = _recompute_case(organisations=290, years=[2023, 2024, 2025], repeat=5)
    print(small.line())
    print(small_floor.line())
    under_a_second = small.median_ms < 1000
    verdict = "OK" if under_a_second else "OVER TARGET"
    print(f"  290 municipalities: {small.median_ms:.0f} ms (target < 1000 ms): {verdict}")
    large, large_floor = _recompute_case(organisations=10_000, years=[2024, 2025], repeat=3)
    return under_a_second and compare(large, large_floor, target_ratio=2)


def _recompute_case(*, organisations: int, years: list[int], repeat: int) -> tuple[Figure, Figure]:
    start = time.perf_counter()
    _fresh_data(organisations, years)
    print(
        f"\n  {organisations} organisations × {len(years)} rounds generated in "
        f"{time.perf_counter() - start:.1f} s"
    )
    survey_round = SurveyRound.objects.order_by("-year").first()
    for earlier in SurveyRound.objects.order_by("year"):
        round_recompute(survey_round=earlier)
    subject = measure(
        f"recompute round {survey_round.year} (snapshot written)",
        lambda: round_recompute(survey_round=survey_round, force=True),
        repeat=repeat,
        warmup=1,
    )
    floor_sql = floor_statement()
    params = {
        "round": survey_round.pk,
        "previous": survey_round.previous_round_id or -1,
        "snapshot": 0,
    }
    rows = _fetch(floor_sql, params)
    expected = GroupStat.objects.filter(
        snapshot__round=survey_round, snapshot__is_current=True, snapshot__kind="computed"
    )
    assert len(rows) == expected.count(), "the floor must compute the same figures"
    floor = measure(
        "same aggregation, one raw SQL SELECT (floor)",
        lambda: _fetch(floor_sql, params),
        repeat=repeat,
        warmup=1,
    )
    return subject, floor


def _fetch(sql: str, params: dict) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def floor_statement() -> str:
    """The product's two INSERT … SELECT statements folded into one SELECT: the scores
    become a CTE instead of a table, and nothing is written."""
    scores = aggregation.MUNICIPALITY_SCORES.split(")\nWITH ", 1)[1]
    groups = aggregation.GROUP_STATS.split(") ", 1)[1].strip()
    groups = groups.replace("FROM reports_municipalityscore s", "FROM scores s")
    groups = groups.replace("WHERE s.snapshot_id = %(snapshot)s", "WHERE 1 = 1")
    assert groups.startswith("WITH facts AS")
    return f"WITH scores AS (WITH {scores}), {groups.removeprefix('WITH ')}"


def _fresh_data(organisations: int, years: list[int]) -> None:
    call_command("flush", interactive=False, **QUIET)
    call_command("load_municipalities", **QUIET)
    call_command("load_questionnaire", **QUIET)
    _add_synthetic_organisations(organisations - Municipality.objects.count())
    call_command("generate_demo_data", municipalities=organisations, years=years, **QUIET)
    analyze()


def _add_synthetic_organisations(count: int) -> None:
    if count <= 0:
        return
    rng = random.Random(10_000)
    used = set(Municipality.objects.values_list("code", flat=True))
    free = [f"{n:04d}" for n in range(10_000) if f"{n:04d}" not in used][:count]
    counties = list(County.objects.all())
    groups = list(SkrGroup.values)
    Municipality.objects.bulk_create(
        Municipality(
            code=code,
            name=f"Organisation {code}",
            county=rng.choice(counties),
            population=int(rng.lognormvariate(9.8, 1.0)),
            population_year=2024,
            skr_group=rng.choice(groups),
        )
        for code in free
    )
