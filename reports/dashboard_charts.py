"""The dashboard's charts and the tables beside them: what goes into them, in words a
municipal user reads. The same tables go into the PDF."""

import textwrap

from django.conf import settings
from django.utils.translation import gettext as _

from common.templatetags.scores import score as shown
from reports.charts import (
    NATION,
    OWN,
    PREVIOUS,
    Chart,
    Series,
    Table,
    bars_with_marker,
    distribution_with_highlight,
    figure_data,
    radar,
    trend_lines,
)
from reports.models import Level
from reports.observations import NOTICEABLE, level_shown
from reports.rules import rounded, shown_difference
from reports.selectors.dashboard import TOTAL, Dashboard, Score
from reports.selectors.national import EMPTY, Figure

NO_BREAK_N = "n\u00a0=\u00a0"
# The steps totals are counted in beside the distribution chart, on values as shown.
DISTRIBUTION_STEPS = [(1.0, 1.4), (1.5, 1.9), (2.0, 2.4), (2.5, 2.9), (3.0, 3.4), (3.5, 4.0)]
# The trend's cornerstone lines: colours apart from the total's and the nation's.
CORNERSTONE_LINES = [
    ("#AA3377", "dot"),
    ("#007A5E", "dashdot"),
    ("#5D3A9B", "longdash"),
    ("#000000", "longdashdot"),
]


def figure_text(figure: Figure) -> str:
    """A group's mean with its n; a suppressed one says so and keeps only its n."""
    if figure.unreleased:
        return _("inte släppt ännu")
    if figure.suppressed:
        text = _("dold (n = %(n)s)") % {"n": figure.n}
    elif figure.mean is None:
        return "–"
    elif figure.small:
        text = _("%(mean)s (n = %(n)s, liten grupp)") % {"mean": shown(figure.mean), "n": figure.n}
    else:
        text = _("%(mean)s (n = %(n)s)") % {"mean": shown(figure.mean), "n": figure.n}
    return text.replace("n = ", NO_BREAK_N)  # "(n = 196)" is never split over two lines


def answer_text(score: Score) -> str:
    """The municipality's own value: an indicator's level, "vet ej", or unanswered."""
    if score.dont_know:
        return _("vet ej")
    if not score.answered and score.level == Level.INDICATOR:
        return _("ej besvarad")
    return level_shown(score.value, score.level)


def previous_text(score: Score) -> str:
    if score.previous_dont_know:
        return _("vet ej")
    return level_shown(score.previous, score.level)


def change_text(value: float | None, previous: float | None) -> str:
    """The change as the two figures show it: 2,8 to 2,5 is −0,3."""
    change = shown_difference(value, previous)
    if change is None:
        return "–"
    if abs(change) < NOTICEABLE:
        return shown(0)
    return ("+" if change > 0 else "−") + shown(abs(change))


def rank_text(score: Score) -> str:
    if score.rank is None:
        return "–"
    return _("%(rank)s av %(of)s") % {"rank": score.rank, "of": score.ranked}


def _wrapped(label: str, width: int = 13) -> str:
    return "<br>".join(textwrap.wrap(label, width, break_long_words=False)) or label


def _scores_table(dashboard: Dashboard) -> Table:
    year, previous = dashboard.survey_round.year, dashboard.previous_year
    columns = [_("Hörnsten"), _("Er kommun %(year)s") % {"year": year}]
    if previous:
        columns += [_("Er kommun %(year)s") % {"year": previous}, _("Förändring")]
    columns += [_("Riket %(year)s") % {"year": year}, _("Plats")]
    rows = []
    for score in [*dashboard.cornerstones, dashboard.total]:
        cells = [score.name, answer_text(score)]
        if previous:
            cells += [previous_text(score), change_text(score.value, score.previous)]
        rows.append([*cells, figure_text(score.nation), rank_text(score)])
    return Table(_("Hörnstenar och totalvärde"), columns, rows)


def radar_chart(dashboard: Dashboard) -> Chart:
    year, previous = dashboard.survey_round.year, dashboard.previous_year
    cornerstones = dashboard.cornerstones
    series = [
        Series(
            _("Er kommun %(year)s") % {"year": year}, [c.value for c in cornerstones], OWN, "solid"
        )
    ]
    if previous and any(c.previous is not None for c in cornerstones):
        series.append(
            Series(
                _("Er kommun %(year)s") % {"year": previous},
                [c.previous for c in cornerstones],
                PREVIOUS,
                "dot",
            )
        )
    if any(c.nation.mean is not None for c in cornerstones):
        series.append(
            Series(
                _("Riket %(year)s") % {"year": year},
                [c.nation.mean for c in cornerstones],
                NATION,
                "dash",
            )
        )
    figure = radar([_wrapped(c.name) for c in cornerstones], series)
    return Chart(
        id="chart-cornerstones",
        title=_("Hörnstenarna"),
        description=_(
            "Spindeldiagram över de fyra hörnstenarna på skalan 1–4: er kommun i år, "
            "förra omgången och riket. Samma siffror finns i tabellen."
        ),
        figure=figure_data(figure),
        table=_scores_table(dashboard),
    )


def _indicators_table(dashboard: Dashboard) -> Table:
    year, previous = dashboard.survey_round.year, dashboard.previous_year
    columns = [_("Indikator"), _("Er kommun %(year)s") % {"year": year}]
    if previous:
        columns.append(_("Er kommun %(year)s") % {"year": previous})
    columns.append(_("Riket %(year)s") % {"year": year})
    rows = []
    for score in dashboard.indicators:
        cells = [f"{score.code} {score.name}", answer_text(score)]
        if previous:
            cells.append(previous_text(score))
        rows.append([*cells, figure_text(score.nation)])
    return Table(_("Indikatorer: ert svar och rikets medelvärde"), columns, rows)


def indicators_chart(dashboard: Dashboard) -> Chart:
    year = dashboard.survey_round.year
    indicators = dashboard.indicators
    notes = [answer_text(score) if score.value is None else "" for score in indicators]
    figure = bars_with_marker(
        [score.code for score in indicators],
        [score.value for score in indicators],
        [score.nation.mean for score in indicators],
        value_name=_("Er kommun %(year)s") % {"year": year},
        marker_name=_("Riket %(year)s") % {"year": year},
        notes=notes,
    )
    return Chart(
        id="chart-indicators",
        title=_("Indikatorerna"),
        description=_(
            "Liggande staplar: ert svar på varje indikator på skalan 1–4, med rikets "
            "medelvärde markerat som en romb. Samma siffror finns i tabellen."
        ),
        figure=figure_data(figure),
        table=_indicators_table(dashboard),
    )


def _steps(totals: list[float], own: float | None) -> list[list[str]]:
    """How many totals, as shown with one decimal, fall in each half step of the scale."""
    shown_totals = [rounded(total) for total in totals]
    own_shown = rounded(own) if own is not None else None
    rows = []
    for low, high in DISTRIBUTION_STEPS:
        count = sum(low <= total <= high for total in shown_totals)
        label = _("%(low)s–%(high)s") % {"low": shown(low), "high": shown(high)}
        here = own_shown is not None and low <= own_shown <= high
        rows.append(
            [label, _("%(count)s (er kommun här)") % {"count": count} if here else str(count)]
        )
    return rows


def distribution_chart(dashboard: Dashboard) -> Chart | None:
    distribution = dashboard.distribution
    if distribution is None or distribution.suppressed or not distribution.totals:
        return None
    figure = distribution_with_highlight(
        distribution.totals,
        highlight=distribution.own_index,
        name=_("Totalvärde"),
        highlight_name=_("Er kommun"),
    )
    total = dashboard.total
    rows = _steps(distribution.totals, total.value if total else None)
    notes = [
        _(
            "Varje stapel är en kommuns totalvärde, från lägst till högst, utan namn. "
            "%(n)s kommuner har svarat; medianen är %(median)s."
        )
        % {"n": distribution.n, "median": shown(distribution.median)}
    ]
    if total and total.rank:
        notes.append(
            _("Er kommun, %(value)s, har plats %(rank)s av %(n)s.")
            % {"value": shown(total.value), "rank": total.rank, "n": total.ranked}
        )
    return Chart(
        id="chart-distribution",
        title=_("Alla kommuners totalvärden"),
        description=_(
            "Stapeldiagram: alla svarande kommuners totalvärden sorterade från lägst till "
            "högst, utan namn, med er kommuns stapel markerad. Texten och tabellen bredvid "
            "har samma siffror."
        ),
        figure=figure_data(figure),
        table=Table(
            _("Antal kommuner per totalvärde"), [_("Totalvärde"), _("Antal kommuner")], rows
        ),
        notes=notes,
    )


def _trend_table(dashboard: Dashboard) -> Table:
    codes = [c.code for c in dashboard.cornerstones]
    columns = [_("År"), *codes, _("Er kommun totalt"), _("Riket totalt")]
    rows = []
    for point in dashboard.trend:
        year = str(point.year)
        if point.published:
            year = _("%(year)s (publicerade siffror, SKL)") % {"year": point.year}
        own = [shown(point.own.get(code)) for code in [*codes, TOTAL]]
        rows.append([year, *own, figure_text(point.nation)])
    return Table(_("Utveckling per omgång"), columns, rows)


def trend_chart(dashboard: Dashboard) -> Chart | None:
    points = dashboard.trend
    if not points:
        return None
    years = sorted({point.year for point in points})

    def by_year(values: dict[int, float | None]) -> list[float | None]:
        return [values.get(year) for year in years]

    own = [point for point in points if not point.published]
    published = [point for point in points if point.published]
    series = [
        Series(
            _("Er kommun totalt"), by_year({p.year: p.own.get(TOTAL) for p in own}), OWN, "solid"
        ),
        *(
            Series(c.name, by_year({p.year: p.own.get(c.code) for p in own}), color, dash)
            for c, (color, dash) in zip(dashboard.cornerstones, CORNERSTONE_LINES, strict=False)
        ),
        Series(_("Riket totalt"), by_year({p.year: p.nation.mean for p in own}), NATION, "dash"),
    ]
    if published:
        series.append(
            Series(
                _("Riket totalt, publicerade siffror (SKL)"),
                by_year({p.year: p.nation.mean for p in published}),
                "#14365D",
                "dot",
            )
        )
    series = [item for item in series if any(value is not None for value in item.values)]
    return Chart(
        id="chart-trend",
        title=_("Utveckling över tid"),
        description=_(
            "Linjediagram: er kommuns totalvärde och hörnstenar i varje omgång ni deltagit i, "
            "rikets totalvärde och SKL:s publicerade riksmedel. Samma siffror finns i tabellen."
        ),
        figure=figure_data(trend_lines(years, series)),
        table=_trend_table(dashboard),
        notes=[
            "; ".join(f"{c.code} = {c.name}" for c in dashboard.cornerstones),
        ],
    )


def suppression_note() -> str:
    return _(
        "Dold: grupper med färre än %(threshold)s kommuner visas inte, så att enskilda "
        "kommuners svar inte kan räknas fram."
    ) % {"threshold": settings.SMALL_GROUP_THRESHOLD}


def dashboard_charts(dashboard: Dashboard) -> dict[str, Chart | None]:
    return {
        "cornerstones": radar_chart(dashboard),
        "indicators": indicators_chart(dashboard),
        "distribution": distribution_chart(dashboard),
        "trend": trend_chart(dashboard),
    }


def peers_table(dashboard: Dashboard) -> Table:
    """The municipality, the nation and its peer groups side by side, each figure with n."""
    scores = [*dashboard.cornerstones, dashboard.total]
    columns = [_("Grupp"), *[score.name for score in scores]]
    rows = [
        [_("Er kommun"), *[answer_text(score) for score in scores]],
        [_("Riket"), *[figure_text(score.nation) for score in scores]],
    ]
    for peer in dashboard.peers:
        figures = [figure_text(peer.figures.get(score.code, EMPTY)) for score in scores]
        rows.append([f"{peer.title}: {peer.label}", *figures])
    return Table(_("Er kommun jämförd med riket och liknande kommuner"), columns, rows)
