"""The national report's charts: what goes into them. Each chart is shown beside a table
with the same numbers and their n."""

import statistics
from dataclasses import dataclass

from django.utils.translation import gettext as _

from reports.charts.builders import (
    NATION,
    SCALE_RANGE,
    Chart,
    Series,
    Table,
    distribution_with_highlight,
    figure_data,
    grouped_bars,
)
from reports.presentation import figure_text, shown
from reports.selectors.national import Breakdown, NationalReport, Placing


def _cornerstone_chart(report: NationalReport) -> Chart:
    table = report.table
    previous, year = table.header_years
    rows = report.cornerstones
    columns = [
        (_("Alla svarande %(year)s") % {"year": previous}, "all_previous"),
        (_("Alla svarande %(year)s") % {"year": year}, "all_current"),
        (_("Samma svarande %(year)s") % {"year": previous}, "panel_previous"),
        (_("Samma svarande %(year)s") % {"year": year}, "panel_current"),
    ]
    series = [
        Series(name, [getattr(row, attribute).mean for row in rows])
        for name, attribute in columns
        if any(getattr(row, attribute).mean is not None for row in rows)
    ]
    return Chart(
        id="chart-national",
        title=(
            _("Hörnstenar och totalt, %(previous)s och %(year)s")
            % {"previous": previous, "year": year}
            if table.previous_year
            else _("Hörnstenar och totalt, %(year)s") % {"year": year}
        ),
        description=_(
            "Stapeldiagram: medelvärdet för varje hörnsten och totalt, för alla svarande och "
            "för kommuner med samma svarande båda åren. Samma siffror finns i tabellen."
        ),
        figure=figure_data(grouped_bars([row.name for row in rows], series)),
        notes=[_("Siffrorna med n finns i tabellen under diagrammet.")],
    )


def distribution_chart(report: NationalReport) -> Chart:
    values = [placing.score for placing in report.distribution]
    figure = distribution_with_highlight(
        values, highlight=None, name=_("Totalt"), highlight_name=""
    )
    mean = report.table.total.all_current.mean if report.table.total else None
    if mean is not None:
        figure.add_hline(
            y=mean,
            line={"color": NATION, "dash": "dash", "width": 2},
            annotation_text=_("Riksmedel %(mean)s") % {"mean": shown(mean)},
        )
    return Chart(
        id="chart-distribution",
        title=_("Kommunernas totalvärden, sorterade"),
        description=_(
            "Stapeldiagram: varje svarande kommuns totalvärde som en stapel, från högsta till "
            "lägsta, med riksmedlet som streckad linje. Sammanfattningen och tabellen bredvid "
            "har samma siffror."
        ),
        figure=figure_data(figure),
        notes=_summary_notes(distribution_summary(report.distribution)),
    )


def _summary_notes(summary: "DistributionSummary | None") -> list[str]:
    if summary is None:
        return [_("Ingen kommun har något totalvärde ännu.")]
    return [
        _(
            "%(n)s kommuner har ett totalvärde. Högst %(highest)s, övre kvartil "
            "%(upper)s, median %(median)s, nedre kvartil %(lower)s, lägst %(lowest)s."
        )
        % {
            "n": summary.n,
            "highest": shown(summary.highest),
            "upper": shown(summary.upper_quartile),
            "median": shown(summary.median),
            "lower": shown(summary.lower_quartile),
            "lowest": shown(summary.lowest),
        }
    ]


def breakdown_chart(breakdown: Breakdown) -> Chart:
    shown = [row for row in breakdown.rows if any(f.mean is not None for f in row.figures)]
    series = [
        Series(f"{row.label} (n = {row.n})", [figure.mean for figure in row.figures])
        for row in shown
    ]
    categories = [column.name for column in breakdown.columns]
    return Chart(
        id=f"chart-{breakdown.dimension}",
        title=_("Hörnstenar och totalt efter %(dimension)s")
        % {"dimension": breakdown.title.lower()},
        description=_(
            "Stapeldiagram: medelvärdet för varje hörnsten och totalt, en stapel per grupp. "
            "Samma siffror med n finns i tabellen."
        ),
        figure=figure_data(grouped_bars(categories, series)),
        table=Table(
            caption=_("Medelvärde och n efter %(dimension)s")
            % {"dimension": breakdown.title.lower()},
            columns=[breakdown.title, *categories],
            rows=[[row.label, *map(figure_text, row.figures)] for row in breakdown.rows],
        ),
    )


@dataclass(frozen=True)
class NationalCharts:
    national: Chart
    distribution: Chart
    breakdowns: list[tuple[Breakdown, Chart]]


def national_charts(report: NationalReport) -> NationalCharts:
    return NationalCharts(
        national=_cornerstone_chart(report),
        distribution=distribution_chart(report),
        breakdowns=[(breakdown, breakdown_chart(breakdown)) for breakdown in report.breakdowns],
    )


@dataclass(frozen=True)
class DistributionSummary:
    n: int
    highest: float
    upper_quartile: float
    median: float
    lower_quartile: float
    lowest: float


def distribution_summary(placings: list[Placing]) -> DistributionSummary | None:
    """The distribution in five numbers, for the text beside its chart."""
    values = sorted(placing.score for placing in placings)
    if not values:
        return None
    lower, median, upper = (
        statistics.quantiles(values, n=4, method="inclusive") if len(values) > 1 else values * 3
    )
    return DistributionSummary(len(values), values[-1], upper, median, lower, values[0])


@dataclass(frozen=True)
class SvgBar:
    x: float
    y: float
    height: float


@dataclass(frozen=True)
class SvgChart:
    """The sorted distribution as SVG for the PDF, which runs no JavaScript: bars, the
    gridlines 1–4 and the national mean, in a 0..WIDTH × 0..HEIGHT plot area."""

    bar_width: float
    bars: list[SvgBar]
    gridlines: list[tuple[int, float]]
    mean_y: float | None


SVG_LEFT = 24  # room for the scale's labels
SVG_WIDTH = 600
SVG_HEIGHT = 160


def _svg_y(value: float) -> float:
    return round(SVG_HEIGHT - SVG_HEIGHT * value / SCALE_RANGE[1], 2)


def distribution_svg(report: NationalReport) -> SvgChart | None:
    placings = report.distribution
    if not placings:
        return None
    step = (SVG_WIDTH - SVG_LEFT) / len(placings)
    bars = [
        SvgBar(round(SVG_LEFT + index * step, 2), _svg_y(placing.score), 0)
        for index, placing in enumerate(placings)
    ]
    bars = [SvgBar(bar.x, bar.y, round(SVG_HEIGHT - bar.y, 2)) for bar in bars]
    mean = report.table.total.all_current.mean if report.table.total else None
    return SvgChart(
        bar_width=round(step * 0.85, 2),
        bars=bars,
        gridlines=[(value, _svg_y(value)) for value in range(1, 5)],
        mean_y=_svg_y(mean) if mean is not None else None,
    )
