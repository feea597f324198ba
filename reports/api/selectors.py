"""Reads behind the JSON API: a bounded number of queries each, whatever the data size."""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from municipalities.models import County, Municipality, Role, SizeBand, SkrGroup
from reports.models import (
    Dimension,
    GroupStat,
    Level,
    MunicipalityScore,
    Population,
    Snapshot,
    SnapshotKind,
)
from reports.rules import StatKey, hidden_figures, is_hidden
from reports.selectors.codes import questionnaire_codes
from reports.selectors.snapshots import (
    NO_PLACE,
    Place,
    ViewerSnapshots,
    group_stats,
    municipality_scores,
    own_places,
)
from surveys.models import ResponseKind, ResponseStatus, RoundStatus, SurveyRound

POPULATION_ORDER = list(Population.values)
DIMENSION_ORDER = list(Dimension.values)


def rounds_visible(*, staff: bool) -> QuerySet[SurveyRound]:
    """Published rounds for everyone; every round for national staff. One query."""
    rounds = SurveyRound.objects.select_related("questionnaire", "previous_round").annotate(
        submitted_count=Count(
            "responses",
            filter=Q(
                responses__kind=ResponseKind.OFFICIAL,
                responses__status=ResponseStatus.SUBMITTED,
            ),
        ),
        # Non-staff see published rounds only, and those through their published figures.
        reported_count=Subquery(
            Snapshot.objects.filter(
                round=OuterRef("pk"),
                is_current=True,
                kind=SnapshotKind.COMPUTED if staff else SnapshotKind.PUBLISHED,
            ).values("responses")[:1],
            output_field=IntegerField(),
        ),
    )
    rounds = rounds.order_by("-year")  # Meta.ordering does not apply to a GROUP BY query
    return rounds if staff else rounds.filter(status=RoundStatus.PUBLISHED)


def round_for_year(year: int, *, published_only: bool) -> SurveyRound | None:
    rounds = SurveyRound.objects.filter(year=year)
    return (rounds.filter(status=RoundStatus.PUBLISHED) if published_only else rounds).first()


def code_labels(questionnaire_id: int) -> dict[str, tuple[int, str]]:
    """code → (position, label) in the published table's order: each cornerstone's
    indicators, then the cornerstone; the total last. One query."""
    # The API has labelled the total "Totalt" since v1; the pages say "E-förvaltning totalt".
    return {
        code.code: (position, _("Totalt") if code.level == Level.TOTAL else code.name)
        for position, code in enumerate(questionnaire_codes(questionnaire_id))
    }


def _figure(stat: GroupStat, *, staff: bool, hidden: bool = False) -> dict:
    """`hidden`: suppressed whatever its n (reports.rules.hidden_figures)."""
    suppressed = is_hidden(stat.n, viewer_is_staff=staff, hidden=hidden)
    distribution = None
    if stat.level == "indicator" and not suppressed:
        distribution = {
            "value_1": stat.count_1,
            "value_2": stat.count_2,
            "value_3": stat.count_3,
            "value_4": stat.count_4,
            "dont_know": stat.count_dont_know,
        }
    return {
        "n": stat.n,
        "mean": None if suppressed else stat.mean,
        "sd": None if suppressed else stat.sd,
        "distribution": distribution,
        "suppressed": suppressed,
    }


def _group_labels() -> dict[str, dict[str, str]]:
    """dimension → group key → its name. One query (the counties)."""
    return {
        Dimension.NATION: {"": str(Dimension.NATION.label)},
        Dimension.SIZE_BAND: {band.value: str(band.label) for band in SizeBand},
        Dimension.COUNTY: dict(County.objects.values_list("code", "name")),
        Dimension.SKR_GROUP: {group.value: str(group.label) for group in SkrGroup},
        Dimension.ROLE: {role.value: str(role.label) for role in Role},
    }


def national_figures(
    snapshot: Snapshot | None, *, questionnaire_id: int, staff: bool
) -> dict[str, list[dict]]:
    """Every group figure of the snapshot: the nation (all respondents and the panels)
    and the breakdowns, each with its n; small groups suppressed for all but staff."""
    if snapshot is None:
        return {"nation": [], "breakdowns": []}
    labels = code_labels(questionnaire_id)
    groups = _group_labels()
    stats = list(group_stats(snapshot.pk, populations=POPULATION_ORDER, dimensions=DIMENSION_ORDER))
    hidden = hidden_figures({_key(stat): stat.n for stat in stats}, viewer_is_staff=staff)
    figures = [
        {
            "population": stat.population,
            "dimension": stat.dimension,
            "group": stat.group_key,
            "group_label": groups.get(stat.dimension, {}).get(stat.group_key, stat.group_key),
            "level": stat.level,
            "code": stat.code,
            "label": labels.get(stat.code, (len(labels), stat.code))[1],
            **_figure(stat, staff=staff, hidden=_key(stat) in hidden),
        }
        for stat in stats
    ]
    figures.sort(key=lambda figure: _figure_order(figure, labels))
    return {
        "nation": [f for f in figures if f["dimension"] == Dimension.NATION],
        "breakdowns": [f for f in figures if f["dimension"] != Dimension.NATION],
    }


def _key(stat: GroupStat) -> StatKey:
    return (stat.population, stat.dimension, stat.group_key, stat.code)


def _figure_order(figure: dict, labels: dict[str, tuple[int, str]]) -> tuple:
    return (
        DIMENSION_ORDER.index(figure["dimension"]),
        figure["group"],
        POPULATION_ORDER.index(figure["population"]),
        labels.get(figure["code"], (len(labels), ""))[0],
    )


def municipality_results(
    snapshots: ViewerSnapshots,
    municipality: Municipality,
    *,
    questionnaire_id: int,
    staff: bool,
) -> dict | None:
    """The municipality's score on every code with rank, percentile and previous score,
    beside the national mean, and whether it is in the panels; None when it has no
    submitted response in the snapshot. Its own scores come from `snapshots.own`, the
    others' figures (and so its place among them) from `snapshots.figures`."""
    if snapshots.own is None:
        return None
    scores = list(municipality_scores(snapshots.own_id, municipality=municipality))
    if not scores:
        return None
    nation = {
        stat.code: stat
        for stat in group_stats(
            snapshots.figures_id, populations=[Population.ALL], dimensions=["nation"]
        )
    }
    places = own_places(snapshots, municipality.pk) if snapshots.is_release else None
    labels = code_labels(questionnaire_id)
    scores.sort(key=lambda score: labels.get(score.code, (len(labels), ""))[0])
    return {
        "in_panel": scores[0].in_panel,
        "same_respondent": scores[0].same_respondent,
        "scores": [
            _score(
                score,
                nation.get(score.code),
                labels,
                staff=staff,
                place=None if places is None else places.get(score.code, NO_PLACE),
            )
            for score in scores
        ],
    }


def _score(
    score: MunicipalityScore,
    national: GroupStat | None,
    labels: dict,
    *,
    staff: bool,
    place: Place | None,
) -> dict:
    """`place`: the score's place among released figures; None for the stored place."""
    return {
        "level": score.level,
        "code": score.code,
        "label": labels.get(score.code, (0, score.code))[1],
        "score": score.score,
        "dont_know": score.dont_know,
        "rank": place.rank if place else score.rank,
        "ranked": place.ranked if place else national.n if national else 0,
        "percentile": place.percentile if place else score.percentile,
        "previous_score": score.previous_score,
        "previous_dont_know": score.previous_dont_know,
        "national": _figure(national, staff=staff) if national else None,
    }
