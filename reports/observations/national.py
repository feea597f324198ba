"""Observations in plain Swedish from the national report's figures: the change of the
total, the largest changes among the same respondents, the weakest indicators, the
strongest and weakest cornerstone, and the spread between groups.

Pure functions over the figures the reader may see (a suppressed figure carries no
value, so no observation can give it away); numbers as reports.presentation shows them.
"""

from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

from reports.models import Dimension, Level
from reports.presentation import shown, shown_difference, signed
from reports.selectors.national import Breakdown, NationalReport, NationalRow

INCREASE = _(
    "Störst ökning bland kommuner med samma svarande båda åren: %(indicator)s, "
    "från %(before)s till %(after)s (%(change)s, n = %(n)s)."
)
DECREASE = _(
    "Störst minskning bland kommuner med samma svarande båda åren: %(indicator)s, "
    "från %(before)s till %(after)s (%(change)s, n = %(n)s)."
)
SPREAD = {
    Dimension.SIZE_BAND: _(
        "Mellan kommunstorlekarna skiljer det totala medelvärdet %(spread)s: högst för "
        "%(high)s (%(high_value)s, n = %(high_n)s), lägst för %(low)s "
        "(%(low_value)s, n = %(low_n)s)."
    ),
    Dimension.ROLE: _(
        "Mellan svarandenas roller skiljer det totala medelvärdet %(spread)s: högst för "
        "%(high)s (%(high_value)s, n = %(high_n)s), lägst för %(low)s "
        "(%(low_value)s, n = %(low_n)s)."
    ),
}


def _change_note(row: NationalRow, wording) -> str:
    return wording % {
        "indicator": _("%(code)s ”%(name)s”") % {"code": row.code, "name": row.name},
        "before": shown(row.panel_previous.mean),
        "after": shown(row.panel_current.mean),
        "change": signed(row.panel_change),
        "n": row.panel_current.n,
    }


def _panel_extremes(report: NationalReport) -> list[str]:
    changed = [row for row in report.indicators if row.panel_change is not None]
    if not changed:
        if report.table.previous_year is None:
            return [_("Det finns ingen tidigare omgång att jämföra med.")]
        return [
            _(
                "Ingen kommun har svarat båda omgångarna med samma svarande, så förändringen "
                "kan inte bedömas på en panel."
            )
        ]
    highest = max(changed, key=lambda row: row.panel_change)
    lowest = min(changed, key=lambda row: row.panel_change)
    notes = [_change_note(highest, INCREASE)] if highest.panel_change > 0 else []
    if lowest.panel_change < 0:
        notes.append(_change_note(lowest, DECREASE))
    unchanged = _("Bland kommuner med samma svarande båda åren är varje indikator oförändrad.")
    return notes or [unchanged]


def _total_change(report: NationalReport) -> list[str]:
    total = report.table.total
    if total is None or total.raw_change is None:
        return []
    note = _(
        "E-förvaltning totalt för alla svarande: %(before)s år %(previous)s och %(after)s "
        "år %(year)s (%(change)s)."
    ) % {
        "before": shown(total.all_previous.mean),
        "after": shown(total.all_current.mean),
        "previous": report.table.previous_year,
        "year": report.table.year,
        "change": signed(total.raw_change),
    }
    if total.panel_change is None:
        return [note]
    panel = _(
        "Bland kommuner med samma svarande båda åren: %(change)s (n = %(n)s). Den "
        "förändringen är den rättvisande, eftersom det är samma kommuner och samma personer."
    ) % {"change": signed(total.panel_change), "n": total.panel_current.n}
    return [f"{note} {panel}"]


def _weakest(report: NationalReport) -> list[str]:
    answered = [row for row in report.indicators if row.all_current.mean is not None]
    weakest = sorted(answered, key=lambda row: row.all_current.mean)[:3]
    if not weakest:
        return []
    first, *others = weakest
    note = _("Lägst värde %(year)s har %(indicator)s (%(value)s).") % {
        "year": report.table.year,
        "indicator": _("%(code)s ”%(name)s”") % {"code": first.code, "name": first.name},
        "value": shown(first.all_current.mean),
    }
    if not others:
        return [note]
    following = [f"{row.code} ({shown(row.all_current.mean)})" for row in others]
    return [
        f"{note} "
        + _("Därefter kommer %(indicators)s.") % {"indicators": get_text_list(following, _("och"))}
    ]


def _cornerstone_extremes(report: NationalReport) -> list[str]:
    rows = [
        row
        for row in report.cornerstones
        if row.level == Level.CORNERSTONE and row.all_current.mean is not None
    ]
    if len(rows) < 2:
        return []
    high = max(rows, key=lambda row: row.all_current.mean)
    low = min(rows, key=lambda row: row.all_current.mean)
    return [
        _("Starkast hörnsten är %(high)s (%(high_value)s), svagast %(low)s (%(low_value)s).")
        % {
            "high": high.name,
            "high_value": shown(high.all_current.mean),
            "low": low.name,
            "low_value": shown(low.all_current.mean),
        }
    ]


def _spread(breakdown: Breakdown) -> list[str]:
    rows = [row for row in breakdown.rows if row.figures[-1].mean is not None]
    if len(rows) < 2:
        return []
    high = max(rows, key=lambda row: row.figures[-1].mean)
    low = min(rows, key=lambda row: row.figures[-1].mean)
    return [
        SPREAD[breakdown.dimension]
        % {
            "spread": shown(shown_difference(high.figures[-1].mean, low.figures[-1].mean)),
            "high": high.label,
            "high_value": shown(high.figures[-1].mean),
            "high_n": high.n,
            "low": low.label,
            "low_value": shown(low.figures[-1].mean),
            "low_n": low.n,
        }
    ]


def national_observations(report: NationalReport) -> list[str]:
    """Short observations in plain Swedish, from the figures the reader may see."""
    notes = [
        *_total_change(report),
        *_panel_extremes(report),
        *_weakest(report),
        *_cornerstone_extremes(report),
    ]
    for breakdown in report.breakdowns:
        notes += _spread(breakdown)
    return [str(note) for note in notes]
