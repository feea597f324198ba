"""Observations in plain Swedish from a dashboard's figures ("Iakttagelser", as SKL's
report called them): how the total stands against the nation, the strongest and weakest
cornerstone, the largest changes since the previous round, and where the municipality
differs most from its peers.

Pure functions over the figures the page already has: no database, one sentence each.
Suppressed figures carry no value, so no observation can give them away.
"""

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.templatetags.scores import score as shown
from reports.models import Dimension, Level
from reports.rules import rounded, shown_difference

# A difference that rounds to 0,0 is shown as none.
NOTICEABLE = 0.05

PEER_PHRASES = {
    Dimension.SIZE_BAND: gettext_lazy("kommunerna i samma storleksklass, %(label)s"),
    Dimension.SKR_GROUP: gettext_lazy("kommunerna i samma kommungrupp, %(label)s"),
    Dimension.COUNTY: gettext_lazy("kommunerna i %(label)s"),
}


def level_shown(value: float | None, level: str) -> str:
    """An indicator's answer is a level (3); a cornerstone or total is a mean (2,5)."""
    if value is not None and level == Level.INDICATOR:
        return str(round(value))
    return shown(value)


def total_against_nation(total) -> str | None:
    difference = shown_difference(total.value, total.nation.mean) if total else None
    if difference is None:
        return None
    params = {
        "own": shown(total.value),
        "nation": shown(total.nation.mean),
        "n": total.nation.n,
        "difference": shown(abs(difference)),
    }
    if abs(difference) < NOTICEABLE:
        text = _(
            "Ert totalvärde, %(own)s, är detsamma som riksgenomsnittet (%(nation)s, n = %(n)s)."
        )
    elif difference > 0:
        text = _(
            "Ert totalvärde, %(own)s, är %(difference)s över riksgenomsnittet "
            "(%(nation)s, n = %(n)s)."
        )
    else:
        text = _(
            "Ert totalvärde, %(own)s, är %(difference)s under riksgenomsnittet "
            "(%(nation)s, n = %(n)s)."
        )
    return text % params


def _names(scores: Sequence) -> str:
    """Names joined with "samt": the cornerstones' own names contain "och"."""
    names = [score.name for score in scores]
    if len(names) == 1:
        return names[0]
    return _("%(names)s samt %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def strongest_and_weakest(cornerstones: Sequence) -> str | None:
    scored = {c.code: rounded(c.value) for c in cornerstones if c.value is not None}
    if len(scored) < 2:
        return None
    high, low = max(scored.values()), min(scored.values())
    if high == low:
        return _("Alla era hörnstenar har samma värde, %(value)s.") % {"value": shown(high)}
    return _("Starkast är %(strong)s (%(strong_value)s) och svagast %(weak)s (%(weak_value)s).") % {
        "strong": _names([c for c in cornerstones if scored.get(c.code) == high]),
        "strong_value": shown(high),
        "weak": _names([c for c in cornerstones if scored.get(c.code) == low]),
        "weak_value": shown(low),
    }


def total_change(total, previous_year: int | None) -> str | None:
    change = shown_difference(total.value, total.previous) if total else None
    if change is None or previous_year is None:
        return None
    params = {
        "year": previous_year,
        "before": shown(total.previous),
        "after": shown(total.value),
    }
    if abs(change) < NOTICEABLE:
        return _("Sedan %(year)s är ert totalvärde oförändrat, %(after)s.") % params
    if change > 0:
        return _("Sedan %(year)s har ert totalvärde ökat från %(before)s till %(after)s.") % params
    return _("Sedan %(year)s har ert totalvärde minskat från %(before)s till %(after)s.") % params


def _largest(scores: Sequence, sign: int):
    changes = [(shown_difference(s.value, s.previous), s) for s in scores]
    changed = [(change, s) for change, s in changes if change and sign * change >= NOTICEABLE]
    return max(changed, key=lambda item: sign * item[0], default=(None, None))[1]


def _change_params(score) -> dict:
    return {
        "name": score.name,
        "code": score.code,
        "before": level_shown(score.previous, score.level),
        "after": level_shown(score.value, score.level),
    }


CHANGE_TEXTS = {
    ("cornerstone", +1): gettext_lazy(
        "Hörnstenen %(name)s har ökat mest, från %(before)s till %(after)s."
    ),
    ("cornerstone", -1): gettext_lazy(
        "Hörnstenen %(name)s har minskat mest, från %(before)s till %(after)s."
    ),
    ("indicator", +1): gettext_lazy(
        "Bland indikatorerna har %(code)s ökat mest, från %(before)s till %(after)s."
    ),
    ("indicator", -1): gettext_lazy(
        "Bland indikatorerna har %(code)s minskat mest, från %(before)s till %(after)s."
    ),
}


def largest_changes(cornerstones: Sequence, indicators: Sequence) -> list[str]:
    """The cornerstone and the indicator that rose most, and those that fell most."""
    texts = []
    for (level, sign), text in CHANGE_TEXTS.items():
        largest = _largest(cornerstones if level == "cornerstone" else indicators, sign)
        if largest:
            texts.append(text % _change_params(largest))
    return texts


def largest_peer_difference(cornerstones: Sequence, peers: Sequence) -> str | None:
    """The cornerstone and peer group where the municipality is furthest from the mean."""
    differences = [
        (shown_difference(cornerstone.value, figure.mean), cornerstone, peer, figure)
        for peer in peers
        for cornerstone in cornerstones
        if (figure := peer.figures.get(cornerstone.code)) is not None
        and figure.mean is not None
        and cornerstone.value is not None
    ]
    if not differences:
        return None
    difference, cornerstone, peer, figure = max(differences, key=lambda item: abs(item[0]))
    if abs(difference) < NOTICEABLE:
        return _("I alla hörnstenar ligger ni i nivå med liknande kommuner.")
    params = {
        "name": cornerstone.name,
        "difference": shown(abs(difference)),
        "group": PEER_PHRASES[peer.dimension] % {"label": peer.label},
        "mean": shown(figure.mean),
        "n": figure.n,
    }
    if difference > 0:
        text = _(
            "Störst skillnad mot liknande kommuner finns i hörnstenen %(name)s: ni ligger "
            "%(difference)s över snittet för %(group)s (%(mean)s, n = %(n)s)."
        )
    else:
        text = _(
            "Störst skillnad mot liknande kommuner finns i hörnstenen %(name)s: ni ligger "
            "%(difference)s under snittet för %(group)s (%(mean)s, n = %(n)s)."
        )
    return text % params


def different_respondent(previous_year: int | None, year: int) -> str:
    return _(
        "Svaren %(previous)s och %(year)s lämnades av olika personer, så en del av "
        "förändringen kan bero på vem som svarade."
    ) % {"previous": previous_year, "year": year}


def dashboard_observations(dashboard) -> list[str]:
    if not dashboard.computed:
        return []
    texts = [
        total_against_nation(dashboard.total),
        strongest_and_weakest(dashboard.cornerstones),
        total_change(dashboard.total, dashboard.previous_year),
        *largest_changes(dashboard.cornerstones, dashboard.indicators),
    ]
    if dashboard.in_panel and not dashboard.same_respondent:
        texts.append(different_respondent(dashboard.previous_year, dashboard.survey_round.year))
    texts.append(largest_peer_difference(dashboard.cornerstones, dashboard.peers))
    return [text for text in texts if text]
