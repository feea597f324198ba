"""The SQL behind releases and publications (docs/figures.md): which responses each group
of a snapshot counts, which groups changed enough to be released, and copies of a
snapshot's rows into another. Runs on PostgreSQL and on SQLite, like aggregation.py.

A response's fingerprint for a group is its indicator answers encoded exactly, six
states each (unanswered, "vet ej", 1–4) as base-6 digits, 24 indicators to a 64-bit
number: two fingerprints are equal only if the answers behind them are. The panels of
the previous round are fingerprinted on last round's answers, the rest on this round's.
"""

from django.db import connection

from reports.models import GroupStat, MunicipalityScore, ReleasedGroup, SnapshotMember

Group = tuple[str, str, str]  # population, dimension, group key
NATION: Group = ("all", "nation", "")

_DIGITS_PER_NUMBER = 24  # 6**24 < 2**63
_DIGIT = (
    "CASE WHEN s.{score} IS NULL THEN CASE WHEN s.{dont_know} THEN 5 ELSE 0 END"
    " ELSE CAST(s.{score} AS INTEGER) END"
)


def _fingerprint(codes: list[str], score: str, dont_know: str) -> str:
    digit = _DIGIT.format(score=score, dont_know=dont_know)
    numbers = []
    for start in range(0, len(codes), _DIGITS_PER_NUMBER):
        chunk = range(start, min(start + _DIGITS_PER_NUMBER, len(codes)))
        weights = " ".join(f"WHEN %(code_{i})s THEN {6 ** (i - start)}" for i in chunk)
        numbers.append(f"CAST(SUM(({digit}) * (CASE s.code {weights} ELSE 0 END)) AS TEXT)")
    return " || '.' || ".join(numbers) or "''"


# Every group a response is counted in, as aggregation.py groups them.
_MEMBERSHIPS = [
    ("all", "nation", "''", "current", ""),
    ("all", "size_band", "size_band", "current", ""),
    ("all", "county", "county", "current", ""),
    ("all", "skr_group", "skr_group", "current", ""),
    ("all", "role", "role", "current", ""),
    ("panel", "nation", "''", "current", "WHERE in_panel = 1"),
    ("panel_prev", "nation", "''", "previous", "WHERE in_panel = 1"),
    ("same", "nation", "''", "current", "WHERE same_respondent = 1"),
    ("same_prev", "nation", "''", "previous", "WHERE same_respondent = 1"),
]

_MEMBERS = """
INSERT INTO reports_snapshotmember
    (snapshot_id, population, dimension, group_key, response_id, fingerprint)
WITH answers AS (
    SELECT s.response_id, s.municipality_id,
           MAX(CASE WHEN s.in_panel THEN 1 ELSE 0 END) AS in_panel,
           MAX(CASE WHEN s.same_respondent THEN 1 ELSE 0 END) AS same_respondent,
           MAX(s.respondent_role) AS role,
           {current} AS current, {previous} AS previous
    FROM reports_municipalityscore s
    WHERE s.snapshot_id = %(snapshot)s AND s.level = 'indicator'
    GROUP BY s.response_id, s.municipality_id
), facts AS (
    SELECT a.*, m.size_band, m.skr_group, c.code AS county
    FROM answers a
    JOIN municipalities_municipality m ON m.id = a.municipality_id
    JOIN municipalities_county c ON c.id = m.county_id
)
"""


def members_fill(*, snapshot_id: int, codes: list[str]) -> None:
    """Record which responses each group of the computed snapshot counts."""
    selects = [
        f"SELECT %(snapshot)s, '{population}', '{dimension}', {key}, response_id, {fingerprint}"
        f" FROM facts {where}"
        for population, dimension, key, fingerprint, where in _MEMBERSHIPS
    ]
    sql = _MEMBERS.format(
        current=_fingerprint(codes, "score", "dont_know"),
        previous=_fingerprint(codes, "previous_score", "previous_dont_know"),
    ) + " UNION ALL ".join(selects)
    params = {"snapshot": snapshot_id, **{f"code_{i}": code for i, code in enumerate(codes)}}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


_SAME_MEMBER = """
    {b}.population = {a}.population AND {b}.dimension = {a}.dimension
    AND {b}.group_key = {a}.group_key AND {b}.response_id = {a}.response_id
    AND {b}.fingerprint = {a}.fingerprint
"""

# Per group: the responses in one snapshot and not, with the same answers, in the other.
_CHANGES = (
    """
SELECT d.population, d.dimension, d.group_key, COUNT(DISTINCT d.response_id)
FROM (
    SELECT l.population, l.dimension, l.group_key, l.response_id
    FROM reports_snapshotmember l
    LEFT JOIN reports_snapshotmember r ON r.snapshot_id = %(released)s AND """
    + _SAME_MEMBER.format(a="l", b="r")
    + """
    WHERE l.snapshot_id = %(computed)s AND r.id IS NULL
    UNION ALL
    SELECT r.population, r.dimension, r.group_key, r.response_id
    FROM reports_snapshotmember r
    LEFT JOIN reports_snapshotmember l ON l.snapshot_id = %(computed)s AND """
    + _SAME_MEMBER.format(a="r", b="l")
    + """
    WHERE r.snapshot_id = %(released)s AND l.id IS NULL
) d
GROUP BY d.population, d.dimension, d.group_key
"""
)

_SIZES = """
SELECT population, dimension, group_key, COUNT(*) FROM reports_snapshotmember
WHERE snapshot_id = %(snapshot)s GROUP BY population, dimension, group_key
"""


def _counts(sql: str, params: dict) -> dict[Group, int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(population, dimension, key): n for population, dimension, key, n in cursor}


def group_changes(*, computed_id: int, released_id: int | None) -> dict[Group, int]:
    """How many responses each group has added, lost or changed since its release."""
    return _counts(_CHANGES, {"computed": computed_id, "released": released_id or -1})


def group_sizes(*, snapshot_id: int) -> dict[Group, int]:
    return _counts(_SIZES, {"snapshot": snapshot_id})


def _columns(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if f.name not in ("id", "snapshot")]


def _copy_sql(model, *, join_released: bool) -> str:
    columns = _columns(model)
    table = model._meta.db_table
    if not join_released:
        return (
            f"INSERT INTO {table} (snapshot_id, {', '.join(columns)}) "
            f"SELECT %(target)s, {', '.join(columns)} FROM {table} WHERE snapshot_id = %(source)s"
        )
    # Each released group's rows from the computed snapshot if it was released just now,
    # else from the previous release.
    return (
        f"INSERT INTO {table} (snapshot_id, {', '.join(columns)}) "
        f"SELECT %(target)s, {', '.join('g.' + column for column in columns)} FROM {table} g "
        f"JOIN {ReleasedGroup._meta.db_table} rg ON rg.snapshot_id = %(target)s "
        "AND rg.population = g.population AND rg.dimension = g.dimension "
        "AND rg.group_key = g.group_key "
        "WHERE g.snapshot_id = CASE WHEN rg.source_snapshot_id = %(computed)s "
        "THEN %(computed)s ELSE %(previous)s END"
    )


def released_rows_copy(
    *, target_id: int, computed_id: int, previous_id: int | None, scores_from: int
) -> None:
    """Fill a new released snapshot whose ReleasedGroup rows are written: the groups'
    figures and members, and every municipality's scores from `scores_from` (the
    distribution and the places the nation's release implies)."""
    params = {"target": target_id, "computed": computed_id, "previous": previous_id or -1}
    with connection.cursor() as cursor:
        for model in (GroupStat, SnapshotMember):
            cursor.execute(_copy_sql(model, join_released=True), params)
        cursor.execute(
            _copy_sql(MunicipalityScore, join_released=False),
            {"target": target_id, "source": scores_from},
        )


def snapshot_rows_copy(*, target_id: int, source_id: int) -> None:
    """Every figure and score of one snapshot into another (a publication)."""
    params = {"target": target_id, "source": source_id}
    with connection.cursor() as cursor:
        for model in (GroupStat, MunicipalityScore):
            cursor.execute(_copy_sql(model, join_released=False), params)
