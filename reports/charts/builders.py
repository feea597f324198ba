"""Plotly figures for the report pages, built in Python and drawn by static/js/charts.js.

Figures are plain Plotly data ({"data": [...], "layout": {...}}), not plotly.py's graph
objects: those validate every property as it is set, which cost a dashboard most of
its time. Plotly.js (served from the plotly package) draws the same data.

The builders are generic (a radar, bars with a marker, a distribution with one bar
highlighted, trend lines, grouped bars); the pages decide what goes in them. Colours are a
colour-blind-safe set with at least 3:1 contrast against white, and every series also
differs by line style or marker symbol, so colour is never the only cue. Every chart a
page shows goes with a `Table` (or text) holding the same numbers.
"""

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import get_language

SCALE_RANGE = [0, 4.05]
OWN = "#0072B2"
NATION = "#B35900"
PREVIOUS = "#767676"
OTHER = "#8C8C8C"
PALETTE = [OWN, NATION, "#AA3377", "#007A5E", "#5D3A9B", PREVIOUS, "#14365D"]
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
SYMBOLS = ["circle", "diamond", "square", "triangle-up", "x", "star", "cross"]


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    color: str = ""
    dash: str = ""


@dataclass(frozen=True)
class Table:
    """The numbers of a chart as a table: the first cell of each row is its header."""

    caption: str
    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str  # the chart's aria-label: what it shows, in a sentence
    figure: dict
    table: Table | None = None
    notes: list[str] = field(default_factory=list)


class PlotlyFigure:
    """A figure being built: traces and layout as Plotly.js takes them."""

    def __init__(self, layout: dict | None = None) -> None:
        self.data: list[dict] = []
        self.layout: dict = dict(layout or {})

    def add_trace(self, trace: dict) -> None:
        self.data.append(trace)

    def updatelayout(self, **changes) -> None:
        self.layout.update(changes)

    def update_xaxes(self, **changes) -> None:
        self.layout.setdefault("xaxis", {}).update(changes)

    def update_yaxes(self, **changes) -> None:
        self.layout.setdefault("yaxis", {}).update(changes)

    def add_annotation(self, **annotation) -> None:
        self.layout.setdefault("annotations", []).append(annotation)

    def add_hline(self, *, y: float, line: dict, annotation_text: str = "") -> None:
        """A horizontal line across the plot, labelled at its right end."""
        self.layout.setdefault("shapes", []).append(
            {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": y, "y1": y, "line": line}
        )
        if annotation_text:
            self.add_annotation(
                xref="paper",
                x=1,
                y=y,
                text=annotation_text,
                showarrow=False,
                xanchor="right",
                yanchor="bottom",
                font={"color": "#000"},
            )


def figure_data(figure: PlotlyFigure) -> dict:
    """The figure as plain JSON data, for json_script."""
    return {"data": figure.data, "layout": figure.layout}


def wrapped(label: str, width: int) -> str:
    """A category's label over lines of at most `width` characters (words kept whole)."""
    return "<br>".join(textwrap.wrap(label, width, break_long_words=False)) or label


def layout(**overrides) -> dict:
    """What every chart's layout shares: the language's decimal mark, the font, margins."""
    swedish = not (get_language() or "sv").startswith("en")
    layout = {
        "separators": ",\u00a0" if swedish else ".,",
        "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13},
        "margin": {"l": 50, "r": 20, "t": 20, "b": 40},
        "legend": {"orientation": "h", "x": 0, "y": -0.15, "yanchor": "top"},
        "paper_bgcolor": "#fff",
        "plot_bgcolor": "#fff",
        "hoverlabel": {"namelength": -1},
    }
    layout.update(overrides)
    return layout


def style(index: int, series: Series) -> tuple[str, str]:
    """The series' colour and line style: its own, else the palette's in turn."""
    color = series.color or PALETTE[index % len(PALETTE)]
    return color, series.dash or DASHES[index % len(DASHES)]


def radar(categories: Sequence[str], series: Sequence[Series]) -> PlotlyFigure:
    """One closed line per series around the categories, on the 0–4 scale."""
    # The polar area keeps a share of the width free on both sides for the categories'
    # labels, so they fit on a phone as on a desktop.
    figure = PlotlyFigure(layout=layout(height=480, margin={"l": 10, "r": 10, "t": 10, "b": 10}))
    closed = [*categories, categories[0]] if categories else []
    for index, item in enumerate(series):
        color, dash = style(index, item)
        values = list(item.values)
        figure.add_trace(
            dict(
                type="scatterpolar",
                r=[*values, values[0]] if values else [],
                theta=closed,
                name=item.name,
                mode="lines+markers",
                line={"color": color, "dash": dash, "width": 2.5},
                marker={"symbol": SYMBOLS[index % len(SYMBOLS)], "size": 8},
                connectgaps=False,
                hovertemplate="%{theta}: %{r:.1f}<extra>" + item.name + "</extra>",
            )
        )
    figure.updatelayout(
        polar={
            "domain": {"x": [0.27, 0.73], "y": [0.27, 0.9]},
            "radialaxis": {"range": SCALE_RANGE, "tickvals": [1, 2, 3, 4], "angle": 90},
            "angularaxis": {"direction": "clockwise", "tickfont": {"size": 11}},
        },
        legend={"orientation": "h", "x": 0, "y": 0, "yanchor": "bottom"},
    )
    return figure


def bars_with_marker(
    categories: Sequence[str],
    values: Sequence[float | None],
    markers: Sequence[float | None],
    *,
    value_name: str,
    marker_name: str,
    notes: Sequence[str] | None = None,
) -> PlotlyFigure:
    """Horizontal bars (e.g. the municipality's answers) with a marker on each (e.g. the
    national mean). A category without a value gets its note (e.g. "vet ej") written in."""
    labels = list(categories)
    figure = PlotlyFigure(
        layout=layout(
            height=max(260, 28 * len(labels) + 90),
            margin={"l": 60, "r": 20, "t": 10, "b": 40},
            bargap=0.35,
        )
    )
    figure.add_trace(
        dict(
            type="bar",
            y=labels,
            x=list(values),
            orientation="h",
            name=value_name,
            marker={"color": OWN},
            hovertemplate="%{y}: %{x:.1f}<extra>" + value_name + "</extra>",
        )
    )
    figure.add_trace(
        dict(
            type="scatter",
            y=labels,
            x=list(markers),
            mode="markers",
            name=marker_name,
            marker={
                "symbol": "diamond",
                "size": 12,
                "color": NATION,
                "line": {"color": "#000", "width": 1},
            },
            hovertemplate="%{y}: %{x:.1f}<extra>" + marker_name + "</extra>",
        )
    )
    for label, value, note in zip(labels, values, notes or [""] * len(labels), strict=True):
        if value is None and note:
            figure.add_annotation(
                y=label, x=0.05, text=note, showarrow=False, xanchor="left", font={"size": 12}
            )
    figure.update_xaxes(range=SCALE_RANGE, tickvals=[0, 1, 2, 3, 4], gridcolor="#ddd")
    figure.update_yaxes(autorange="reversed", type="category")
    return figure


def distribution_with_highlight(
    values: Sequence[float],
    *,
    highlight: int | None,
    name: str,
    highlight_name: str,
    labels: Sequence[str] | None = None,
) -> PlotlyFigure:
    """Every value as a bar, in the order given (sort them first), one bar highlighted and
    labelled. Without labels the bars are anonymous: position 1, 2, 3 …"""
    positions = list(labels) if labels else list(range(1, len(values) + 1))
    colors = [OWN if index == highlight else OTHER for index in range(len(values))]
    figure = PlotlyFigure(
        layout=layout(height=320, bargap=0.1 if len(values) > 40 else 0.3, showlegend=False)
    )
    figure.add_trace(
        dict(
            type="bar",
            x=positions,
            y=list(values),
            marker={"color": colors},
            name=name,
            hovertemplate="%{y:.1f}<extra></extra>",
        )
    )
    if highlight is not None and 0 <= highlight < len(values):
        figure.add_annotation(
            x=positions[highlight],
            y=values[highlight],
            text=highlight_name,
            showarrow=True,
            arrowhead=2,
            ax=0,
            ay=-40,
            font={"color": "#000"},
            bgcolor="#fff",
        )
    figure.update_yaxes(range=SCALE_RANGE, tickvals=[0, 1, 2, 3, 4], gridcolor="#ddd")
    figure.update_xaxes(showticklabels=bool(labels), ticks="")
    return figure


def trend_lines(x: Sequence, series: Sequence[Series]) -> PlotlyFigure:
    """One line per series over x (years, ascending); a gap where a series has no value."""
    figure = PlotlyFigure(layout=layout(height=360))
    for index, item in enumerate(series):
        color, dash = style(index, item)
        figure.add_trace(
            dict(
                type="scatter",
                x=list(x),
                y=list(item.values),
                name=item.name,
                mode="lines+markers",
                line={"color": color, "dash": dash, "width": 2.5},
                marker={"symbol": SYMBOLS[index % len(SYMBOLS)], "size": 9},
                connectgaps=False,
                hovertemplate="%{x}: %{y:.1f}<extra>" + item.name + "</extra>",
            )
        )
    # Years as categories: SKL's 2006 and 2007 beside recent rounds would otherwise leave
    # most of the chart empty. The table beside it names every year.
    figure.update_xaxes(type="category", gridcolor="#eee")
    figure.update_yaxes(range=SCALE_RANGE, tickvals=[0, 1, 2, 3, 4], gridcolor="#ddd")
    return figure


# A second cue beside colour, so no series is told apart by colour alone.
PATTERNS = ["", "/", ".", "x", "\\", "+", "-"]


def grouped_bars(categories: Sequence[str], series: Sequence[Series]) -> PlotlyFigure:
    """One group of vertical bars per category, one bar per series, on the 0–4 scale."""
    figure = PlotlyFigure(
        layout=layout(
            height=420,
            barmode="group",
            bargap=0.25,
            # Above the bars: labels that turn on a narrow screen never run into it.
            legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        )
    )
    labels = [wrapped(category, 22) for category in categories]
    for index, item in enumerate(series):
        color, _dash = style(index, item)
        figure.add_trace(
            dict(
                type="bar",
                x=labels,
                y=list(item.values),
                name=item.name,
                marker={
                    "color": color,
                    "line": {"color": "#000", "width": 0.5},
                    "pattern": {
                        "shape": PATTERNS[index % len(PATTERNS)],
                        "fgcolor": "#fff",
                        "fillmode": "overlay",
                    },
                },
                hovertemplate="%{y:.1f}<extra>" + item.name + "</extra>",
            )
        )
    figure.update_yaxes(range=SCALE_RANGE, tickvals=[0, 1, 2, 3, 4], gridcolor="#ddd")
    figure.update_xaxes(type="category", automargin=True)
    return figure
