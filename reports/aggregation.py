"""The aggregation of a round, computed by the database (docs/architecture.md, "Scoring").

Two INSERT … SELECT statements fill a new snapshot: first every municipality's scores
(indicator values, cornerstone = mean of its answered indicators, total = mean of its
cornerstone scores) with rank, percentile, previous round's score and panel flags; then
the group figures over those rows. The SQL runs on PostgreSQL and on SQLite (the
embedded default).
"""

from django.db import connection

# Every submitted official response of a round, its municipality and respondent e-mail.
_RESPONSES = """
    SELECT r.id AS response_id, r.municipality_id, LOWER(r.respondent_email) AS email,
           r.respondent_role AS role
    FROM surveys_response r
    WHERE r.round_id = {round} AND r.kind = 'official' AND r.status = 'submitted'
"""

# Indicator answers, cornerstone scores and the total of each response of a round.
_SCORES = """
    {name}_ind AS (
        SELECT t.response_id, t.municipality_id, c.code AS cornerstone, i.code AS code,
               CAST(a.value AS DOUBLE PRECISION) AS score
        FROM {name}_resp t
        JOIN surveys_answer a ON a.response_id = t.response_id
        JOIN surveys_indicator i ON i.id = a.indicator_id
        JOIN surveys_cornerstone c ON c.id = i.cornerstone_id
    ),
    {name}_corner AS (
        SELECT response_id, municipality_id, cornerstone AS code, AVG(score) AS score
        FROM {name}_ind GROUP BY response_id, municipality_id, cornerstone
    ),
    {name}_total AS (
        SELECT response_id, municipality_id, 'TOTAL' AS code, AVG(score) AS score
        FROM {name}_corner GROUP BY response_id, municipality_id
    ),
    {name}_all AS (
        SELECT response_id, municipality_id, 'indicator' AS level, code, score,
               CASE WHEN score IS NULL THEN 1 ELSE 0 END AS dont_know
        FROM {name}_ind
        UNION ALL
        SELECT response_id, municipality_id, 'cornerstone', code, score, 0 FROM {name}_corner
        UNION ALL
        SELECT response_id, municipality_id, 'total', code, score, 0 FROM {name}_total
    )
"""

MUNICIPALITY_SCORES = (
    """
INSERT INTO reports_municipalityscore (
    snapshot_id, municipality_id, response_id, level, code, score, dont_know, rank,
    percentile, previous_score, previous_dont_know, in_panel, same_respondent, respondent_role
)
WITH this_resp AS ("""
    + _RESPONSES.format(round="%(round)s")
    + """), prev_resp AS ("""
    + _RESPONSES.format(round="%(previous)s")
    + "),"
    + _SCORES.format(name="this")
    + ","
    + _SCORES.format(name="prev")
    + """
-- A row for every code the municipality has in either round, so that what it answered
-- last year but left unanswered this year still counts in the panel's previous figures.
, keys AS (
    SELECT response_id, municipality_id, level, code FROM this_all
    UNION
    SELECT tr.response_id, tr.municipality_id, p.level, p.code
    FROM prev_all p JOIN this_resp tr ON tr.municipality_id = p.municipality_id
)
SELECT %(snapshot)s AS snapshot_id, k.municipality_id, k.response_id, k.level, k.code,
       t.score,
       COALESCE(t.dont_know, 0) = 1 AS dont_know,
       CASE WHEN t.score IS NULL THEN NULL ELSE
           RANK() OVER (PARTITION BY k.code, t.score IS NULL ORDER BY t.score DESC) END AS rank,
       CASE WHEN t.score IS NULL THEN NULL ELSE 100.0 *
           PERCENT_RANK() OVER (PARTITION BY k.code, t.score IS NULL ORDER BY t.score) END
           AS percentile,
       p.score AS previous_score,
       COALESCE(p.dont_know, 0) = 1 AS previous_dont_know,
       pr.response_id IS NOT NULL AS in_panel,
       COALESCE(pr.email = tr.email AND tr.email <> '', FALSE) AS same_respondent,
       tr.role AS respondent_role
FROM keys k
JOIN this_resp tr ON tr.response_id = k.response_id
LEFT JOIN this_all t ON t.response_id = k.response_id AND t.code = k.code
LEFT JOIN prev_resp pr ON pr.municipality_id = k.municipality_id
LEFT JOIN prev_all p ON p.municipality_id = k.municipality_id AND p.code = k.code
"""
)

# The sample standard deviation from sums: SQLite has no STDDEV_SAMP of its own (and
# Django's stand-in fails on NULLs), rounding may leave a tiny negative variance.
_VARIANCE = (
    "(SUM(s.{score} * s.{score}) - SUM(s.{score}) * SUM(s.{score}) / COUNT(s.{score}))"
    " / (COUNT(s.{score}) - 1)"
)
_SD = (
    "CASE WHEN COUNT(s.{score}) > 1 THEN SQRT(CASE WHEN "
    + _VARIANCE
    + " > 0 THEN "
    + _VARIANCE
    + " ELSE 0 END) END"
)

_DISTRIBUTION = """
    SUM(CASE WHEN s.level = 'indicator' AND s.{score} = 1 THEN 1 ELSE 0 END),
    SUM(CASE WHEN s.level = 'indicator' AND s.{score} = 2 THEN 1 ELSE 0 END),
    SUM(CASE WHEN s.level = 'indicator' AND s.{score} = 3 THEN 1 ELSE 0 END),
    SUM(CASE WHEN s.level = 'indicator' AND s.{score} = 4 THEN 1 ELSE 0 END),
    SUM(CASE WHEN s.{dont_know} THEN 1 ELSE 0 END)
"""

_GROUP_STATS = (
    """
SELECT %(snapshot)s, '{population}', '{dimension}', {key}, s.level, s.code,
       COUNT(s.{score}), AVG(s.{score}), """
    + _SD
    + """,
"""
    + _DISTRIBUTION
    + """
FROM facts s
WHERE 1 = 1 {where}
GROUP BY {group_by}s.level, s.code
"""
)

# The snapshot's scores with every attribute a breakdown groups by, joined once. The
# role is the one the scores were computed with, so a copied snapshot groups alike.
_FACTS = """
WITH facts AS (
    SELECT s.level, s.code, s.score, s.dont_know, s.previous_score, s.previous_dont_know,
           s.in_panel, s.same_respondent, m.size_band, m.skr_group, c.code AS county,
           s.respondent_role AS role
    FROM reports_municipalityscore s
    JOIN municipalities_municipality m ON m.id = s.municipality_id
    JOIN municipalities_county c ON c.id = m.county_id
    WHERE s.snapshot_id = %(snapshot)s
)
"""

DIMENSION_KEYS = {
    "nation": "''",
    "size_band": "s.size_band",
    "county": "s.county",
    "skr_group": "s.skr_group",
    "role": "s.role",
}
# (population, which score, which rows); breakdowns are for all respondents only.
POPULATIONS = [
    ("panel", "score", "dont_know", "AND s.in_panel"),
    ("panel_prev", "previous_score", "previous_dont_know", "AND s.in_panel"),
    ("same", "score", "dont_know", "AND s.same_respondent"),
    ("same_prev", "previous_score", "previous_dont_know", "AND s.same_respondent"),
]


def _group_by(key: str) -> str:
    return "" if key == "''" else f"{key}, "


def _group_stats_sql() -> str:
    breakdowns = [
        ("all", dimension, key, "score", "dont_know", "")
        for dimension, key in DIMENSION_KEYS.items()
    ]
    panels = [(population, "nation", "''", *rest) for population, *rest in POPULATIONS]
    selects = [
        _GROUP_STATS.format(
            population=population,
            dimension=dimension,
            key=key,
            group_by=_group_by(key),
            score=score,
            dont_know=dont_know,
            where=where,
        )
        for population, dimension, key, score, dont_know, where in breakdowns + panels
    ]
    return (
        "INSERT INTO reports_groupstat (snapshot_id, population, dimension, group_key, level,"
        " code, n, mean, sd, count_1, count_2, count_3, count_4, count_dont_know) "
        + _FACTS
        + " UNION ALL ".join(selects)
    )


GROUP_STATS = _group_stats_sql()


def aggregate_into(*, snapshot_id: int, round_id: int, previous_round_id: int | None) -> None:
    params = {"snapshot": snapshot_id, "round": round_id, "previous": previous_round_id or -1}
    with connection.cursor() as cursor:
        cursor.execute(MUNICIPALITY_SCORES, params)
        cursor.execute(GROUP_STATS, params)
