"""How a figure is shown: the one place that decides it, for the pages, the charts' tables
and notes, the PDFs, the exports' remarks and the observations (docs/figures.md).

The product's promise is that every figure reads the same wherever it stands: one
decimal, halves up, the language's decimal mark, a true minus sign (U+2212, not the
hyphen); a change is the difference of the two figures as shown, so the text agrees with
the figures beside it; every group figure goes with its n, and a group too small to show
says so in words instead of a value. Full precision stays in the snapshots and in the
exports' numbers; only their words come from here.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.models import Level

if TYPE_CHECKING:
    from reports.selectors.national import Figure

MINUS = "\u2212"
NO_BREAK_N = "n\u00a0=\u00a0"
# A difference that rounds to 0,0 is shown as none.
NOTICEABLE = 0.05

# One word per state of a figure a reader may not see, wherever it is shown.
SUPPRESSED = gettext_lazy("dold")
SMALL = gettext_lazy("liten grupp")
UNRELEASED = gettext_lazy("inte släppt ännu")


def rounded(value: float) -> float:
    """The value as it is shown: one decimal, halves up."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def shown(value) -> str:
    """A figure as text: "2,4" (the language's decimal mark), "−0,3", "–" for none."""
    if value is None or value == "":
        return "–"
    text = floatformat(value, 1)
    return MINUS + text[1:] if text.startswith("-") else text


def shown_level(value: float | None, level: str) -> str:
    """An indicator's answer is a level (3); a cornerstone or total is a mean (2,5)."""
    if value is not None and level == Level.INDICATOR:
        return str(round(value))
    return shown(value)


def shown_difference(value: float | None, other: float | None) -> float | None:
    """A change or difference as every page states it: between the figures as shown, so
    the text agrees with the figures beside it (2,5 against 2,4 is 0,1 over, whatever the
    decimals behind them). Full precision stays in the snapshot and the exports."""
    if value is None or other is None:
        return None
    return round(rounded(value) - rounded(other), 1)


def signed(change: float | None) -> str:
    """A change as text: "+0,3", "−0,3", "0,0" when it rounds to none, "–" for none."""
    if change is None:
        return "–"
    if abs(change) < NOTICEABLE:
        return shown(0)
    return ("+" if change > 0 else MINUS) + shown(abs(change))


def change_text(value: float | None, previous: float | None) -> str:
    """The change as the two figures show it: 2,8 to 2,5 is −0,3."""
    return signed(shown_difference(value, previous))


def figure_value(figure: "Figure") -> str:
    """What stands in a figure's place when its n is shown apart (a table cell with the n
    below): its value, or the word for why there is none."""
    if figure.unreleased:
        return str(UNRELEASED)
    if figure.suppressed:
        return str(SUPPRESSED)
    return shown(figure.mean)


def figure_text(figure: "Figure") -> str:
    """A figure with its n in one text: "2,4 (n = 12)", "3,0 (n = 2, liten grupp)" for
    national staff, "dold (n = 2)" for everyone else; an unreleased one shows nothing
    about itself, not even its n. "(n = 196)" is never split over two lines."""
    if figure.unreleased:
        return str(UNRELEASED)
    if figure.suppressed:
        text = _("dold (n = %(n)s)") % {"n": figure.n}
    elif figure.mean is None:
        return "–"
    elif figure.small:
        text = _("%(mean)s (n = %(n)s, liten grupp)") % {"mean": shown(figure.mean), "n": figure.n}
    else:
        text = _("%(mean)s (n = %(n)s)") % {"mean": shown(figure.mean), "n": figure.n}
    return text.replace("n = ", NO_BREAK_N)


def figure_remark(figure: "Figure") -> str:
    """An export's remark beside a figure's number: why it has none, or that it is small."""
    if figure.unreleased:
        return str(UNRELEASED)
    if figure.suppressed:
        return _("dold: färre än %(threshold)s kommuner") % {
            "threshold": settings.SMALL_GROUP_THRESHOLD
        }
    return str(SMALL) if figure.small else ""


def suppression_note() -> str:
    """The note under a page or PDF that hides small groups."""
    return _(
        "Dold: grupper med färre än %(threshold)s kommuner visas inte, så att enskilda "
        "kommuners svar inte kan räknas fram."
    ) % {"threshold": settings.SMALL_GROUP_THRESHOLD}
