"""A municipality's dashboard: its scores against the nation, its peers and its own
earlier rounds, read from the round's current snapshot.

The queries are the same whatever the data size: the municipality's response and the
round's current snapshot; with a snapshot, the municipality's own scores, the nation's and
its peer groups' figures and the municipal totals; the questionnaire's codes; its scores
and the nation's total in every round's current snapshot; the published reference.
Small groups come out suppressed (no value) for viewers who are not national staff.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality, SizeBand
from reports.models import (
    TOTAL_CODE,
    Dimension,
    GroupStat,
    Level,
    MunicipalityScore,
    Population,
    ReleasedGroup,
    Snapshot,
    SnapshotKind,
)
from reports.rules import is_suppressed
from reports.selectors.codes import Code, questionnaire_codes
from reports.selectors.national import EMPTY, UNRELEASED, Figure, figure_of
from reports.selectors.reference import reference_series
from reports.selectors.snapshots import (
    NO_PLACE,
    Place,
    ViewerSnapshots,
    distribution_totals,
    group_stats,
    municipality_scores,
    own_places,
    viewer_snapshot_filter,
    viewer_snapshots,
)
from surveys.models import Response, ResponseKind, ResponseStatus, SurveyRound

PEER_TITLES = {
    Dimension.SIZE_BAND: _("Samma storleksklass"),
    Dimension.SKR_GROUP: _("Samma kommungrupp"),
    Dimension.COUNTY: _("Samma län"),
}
PEER_DIMENSIONS = list(PEER_TITLES)


@dataclass(frozen=True)
class Score:
    """The municipality's own figure on one code, its place and the nation's figure."""

    level: str
    code: str
    name: str
    value: float | None = None
    answered: bool = False
    dont_know: bool = False
    rank: int | None = None
    ranked: int = 0  # how many municipalities have a value on the code
    percentile: float | None = None  # share of the other municipalities below, 0–100
    previous: float | None = None
    previous_dont_know: bool = False
    nation: Figure = EMPTY

    @property
    def change(self) -> float | None:
        return _minus(self.value, self.previous)


@dataclass(frozen=True)
class PeerGroup:
    dimension: str
    title: str
    label: str
    figures: dict[str, Figure]  # the cornerstones' codes and TOTAL_CODE

    @property
    def n(self) -> int:
        return self.figures.get(TOTAL_CODE, EMPTY).n

    @property
    def any_suppressed(self) -> bool:
        return any(figure.suppressed for figure in self.figures.values())


@dataclass(frozen=True)
class Distribution:
    """Every municipal total, ascending, without names; empty when suppressed."""

    totals: list[float]
    own_index: int | None
    n: int
    suppressed: bool = False

    @property
    def median(self) -> float | None:
        if not self.totals:
            return None
        middle = len(self.totals) // 2
        if len(self.totals) % 2:
            return self.totals[middle]
        return (self.totals[middle - 1] + self.totals[middle]) / 2


@dataclass(frozen=True)
class TrendPoint:
    """One year: the municipality's cornerstones and total (if it took part) and the
    nation's total; `published` marks SKL's published figures, not computed here."""

    year: int
    own: dict[str, float | None]
    nation: Figure
    published: bool = False


@dataclass(frozen=True)
class Dashboard:
    survey_round: SurveyRound
    municipality: Municipality
    viewer_is_staff: bool
    submitted: bool
    computed: bool = False  # the municipality's figures are in the current snapshot
    stale: bool = False  # its response changed after that snapshot was computed
    computed_at: datetime | None = None
    in_panel: bool = False
    same_respondent: bool = False
    total: Score | None = None
    cornerstones: list[Score] = field(default_factory=list)
    indicators: list[Score] = field(default_factory=list)
    peers: list[PeerGroup] = field(default_factory=list)
    distribution: Distribution | None = None
    trend: list[TrendPoint] = field(default_factory=list)
    # The nation's release the figures about others come from, in a round that is not
    # published, for viewers other than national staff (docs/figures.md).
    release: ReleasedGroup | None = None
    released: bool = False

    @property
    def pending(self) -> bool:
        return self.submitted and (not self.computed or self.stale)

    @property
    def previous_year(self) -> int | None:
        previous = self.survey_round.previous_round
        return previous.year if previous else None

    @property
    def any_suppressed(self) -> bool:
        scores = [*self.cornerstones, *self.indicators, self.total]
        return (
            any(score and score.nation.suppressed for score in scores)
            or any(peer.any_suppressed for peer in self.peers)
            or any(point.nation.suppressed for point in self.trend)
            or bool(self.distribution and self.distribution.suppressed)
        )


@dataclass(frozen=True)
class DashboardState:
    """What a dashboard page must know fresh on every request; the rest of the page is
    the same for everyone until the snapshots it reads change."""

    submitted: bool
    computed: bool = False
    stale: bool = False
    snapshots: tuple[str, ...] = ()  # the current snapshots the page reads, as cache keys

    @property
    def pending(self) -> bool:
        return self.submitted and (not self.computed or self.stale)


def dashboard_state(*, year: int, municipality: Municipality) -> DashboardState:
    """One query as a rule: the current snapshots up to the year, each with the
    municipality's submitted response's last change and whether its total is in it."""
    response = Response.objects.filter(
        round__year=year,
        municipality=municipality,
        kind=ResponseKind.OFFICIAL,
        status=ResponseStatus.SUBMITTED,
    )
    own_total = MunicipalityScore.objects.filter(
        snapshot=OuterRef("pk"), municipality=municipality, code=TOTAL_CODE
    )
    snapshots = list(
        Snapshot.objects.filter(is_current=True, round__year__lte=year)
        .only("pk", "kind", "started_at", "source_updated_at")
        .annotate(
            year=F("round__year"),
            has_own_total=Exists(own_total),
            response_updated_at=Subquery(response.values("updated_at")[:1]),
        )
        .order_by("pk")
    )
    if snapshots:
        updated_at = snapshots[0].response_updated_at
    else:  # nothing computed yet anywhere: ask for the response itself
        updated_at = response.values_list("updated_at", flat=True).first()
    if updated_at is None:
        return DashboardState(submitted=False)
    this = next((s for s in snapshots if s.year == year and s.kind == SnapshotKind.COMPUTED), None)
    return DashboardState(
        submitted=True,
        computed=bool(this and this.has_own_total),
        stale=bool(this and _changed_after(updated_at, this)),
        # The start time too: ids start again in a new database, a cache may outlive it.
        snapshots=tuple(f"{s.pk}@{s.started_at.timestamp()}" for s in snapshots),
    )


def municipality_dashboard(
    *, survey_round: SurveyRound, municipality: Municipality, viewer_is_staff: bool
) -> Dashboard:
    response = _submitted_response(survey_round, municipality)
    if response is None:
        return Dashboard(survey_round, municipality, viewer_is_staff, submitted=False)
    snapshots = viewer_snapshots(survey_round, viewer_is_staff=viewer_is_staff)
    own = _own_scores(snapshots.own_id, municipality) if snapshots.own else {}
    places = own_places(snapshots, municipality.pk) if snapshots.is_release else None
    stats = _group_stats(snapshots.figures_id, municipality) if snapshots.figures else {}
    released = _released(snapshots)
    codes = questionnaire_codes(survey_round.questionnaire_id)
    scores = [
        _score(
            code,
            own.get(code.code),
            stats.get((Dimension.NATION, code.code)),
            viewer_is_staff,
            None if places is None else places.get(code.code, NO_PLACE),
            nation_released=released is None or (Dimension.NATION, "") in released,
        )
        for code in codes
    ]
    total = own.get(TOTAL_CODE)
    computed = snapshots.own
    return Dashboard(
        survey_round,
        municipality,
        viewer_is_staff,
        submitted=True,
        computed=total is not None,
        stale=bool(computed and _changed_after(response.updated_at, computed)),
        computed_at=computed.finished_at if computed else None,
        in_panel=bool(total and total.in_panel),
        same_respondent=bool(total and total.same_respondent),
        total=next((score for score in scores if score.level == Level.TOTAL), None),
        cornerstones=[score for score in scores if score.level == Level.CORNERSTONE],
        indicators=[score for score in scores if score.level == Level.INDICATOR],
        peers=_peers(municipality, stats, viewer_is_staff, released, codes),
        distribution=(
            _distribution(snapshots, municipality, viewer_is_staff) if snapshots.figures else None
        ),
        trend=_trend(survey_round, municipality, viewer_is_staff),
        release=snapshots.figures.nation_release if snapshots.figures else None,
        released=snapshots.is_release,
    )


def _minus(value: float | None, other: float | None) -> float | None:
    return None if value is None or other is None else value - other


def _submitted_response(survey_round: SurveyRound, municipality: Municipality) -> Response | None:
    return (
        Response.objects.filter(
            round=survey_round,
            municipality=municipality,
            kind=ResponseKind.OFFICIAL,
            status=ResponseStatus.SUBMITTED,
        )
        .only("pk", "updated_at")
        .first()
    )


def _released(snapshots: ViewerSnapshots) -> set[tuple[str, str]] | None:
    """The (dimension, group key) of every group of all respondents whose figures the
    viewer's release holds; None when the viewer does not read a release."""
    if not snapshots.is_release:
        return None
    if snapshots.figures is None:
        return set()
    return {
        (group.dimension, group.group_key)
        for group in snapshots.figures.released_groups.all()
        if group.population == Population.ALL
    }


def _changed_after(updated_at: datetime, snapshot: Snapshot) -> bool:
    """The response changed after the snapshot was computed: its figures are pending."""
    return snapshot.source_updated_at is None or updated_at > snapshot.source_updated_at


def _own_scores(
    snapshot_id: int | None, municipality: Municipality
) -> dict[str, MunicipalityScore]:
    scores = municipality_scores(snapshot_id, municipality=municipality)
    return {score.code: score for score in scores}


def _peer_keys(municipality: Municipality) -> dict[str, str]:
    return {
        Dimension.SIZE_BAND: municipality.size_band,
        Dimension.SKR_GROUP: municipality.skr_group,
        Dimension.COUNTY: municipality.county.code,
    }


def _group_stats(
    snapshot_id: int | None, municipality: Municipality
) -> dict[tuple[str, str], GroupStat]:
    """The nation's figures on every code, and the peer groups' cornerstones and total."""
    peers = Q()
    for dimension, key in _peer_keys(municipality).items():
        peers |= Q(dimension=dimension, group_key=key)
    stats = group_stats(snapshot_id, dimensions=[Dimension.NATION, *PEER_DIMENSIONS]).filter(
        Q(dimension=Dimension.NATION) | (peers & ~Q(level=Level.INDICATOR))
    )
    return {(stat.dimension, stat.code): stat for stat in stats}


def _score(
    code: Code,
    own: MunicipalityScore | None,
    nation: GroupStat | None,
    viewer_is_staff: bool,
    place: Place | None = None,
    *,
    nation_released: bool = True,
) -> Score:
    """`place` is the municipality's place among the released figures; without it, the
    place stored with its score (staff, and published rounds)."""
    base = Score(
        level=code.level,
        code=code.code,
        name=code.name,
        ranked=place.ranked if place else nation.n if nation else 0,
        nation=(
            figure_of(nation, viewer_is_staff=viewer_is_staff) if nation_released else UNRELEASED
        ),
    )
    if own is None:
        return base
    return replace(
        base,
        value=own.score,
        answered=True,
        dont_know=own.dont_know,
        rank=place.rank if place else None if own.score is None else own.rank,
        percentile=place.percentile if place else own.percentile,
        previous=own.previous_score,
        previous_dont_know=own.previous_dont_know,
    )


def _peer_label(dimension: str, municipality: Municipality) -> str:
    if dimension == Dimension.SIZE_BAND:
        return str(SizeBand(municipality.size_band).label)
    if dimension == Dimension.SKR_GROUP:
        return municipality.get_skr_group_display()
    return municipality.county.name


def _peers(
    municipality: Municipality,
    stats: dict[tuple[str, str], GroupStat],
    viewer_is_staff: bool,
    released: set[tuple[str, str]] | None,
    codes: list[Code],
) -> list[PeerGroup]:
    """`released`: the groups a viewer of a release may see (None: every group)."""
    peers = []
    keys = _peer_keys(municipality)
    for dimension, title in PEER_TITLES.items():
        figures = {
            code: figure_of(stat, viewer_is_staff=viewer_is_staff)
            for (stat_dimension, code), stat in stats.items()
            if stat_dimension == dimension
        }
        if released is not None and (dimension, keys.get(dimension, "")) not in released:
            figures = {code.code: UNRELEASED for code in codes if code.level != Level.INDICATOR}
        label = _peer_label(dimension, municipality)
        peers.append(PeerGroup(dimension, str(title), label, figures))
    return peers


def _distribution(
    snapshots: ViewerSnapshots, municipality: Municipality, viewer_is_staff: bool
) -> Distribution:
    totals, own_index = distribution_totals(snapshots, municipality.pk)
    if is_suppressed(len(totals), viewer_is_staff=viewer_is_staff):
        return Distribution([], None, len(totals), suppressed=True)
    return Distribution(totals, own_index, len(totals))


def _trend(
    survey_round: SurveyRound, municipality: Municipality, viewer_is_staff: bool
) -> list[TrendPoint]:
    """Every round up to this one that has a current snapshot of the kinds the viewer
    reads, then SKL's published years."""
    up_to = Q(snapshot__round__year__lte=survey_round.year)
    own_snapshots = viewer_snapshot_filter(
        viewer_is_staff=viewer_is_staff, own=True, prefix="snapshot__"
    )
    figures_snapshots = viewer_snapshot_filter(
        viewer_is_staff=viewer_is_staff, own=False, prefix="snapshot__"
    )
    own: dict[int, dict[str, float | None]] = {}
    for year, code, score in (
        MunicipalityScore.objects.filter(up_to, own_snapshots, municipality=municipality)
        .exclude(level=Level.INDICATOR)
        .values_list("snapshot__round__year", "code", "score")
    ):
        own.setdefault(year, {})[code] = score
    nation = {
        stat.snapshot.round.year: figure_of(stat, viewer_is_staff=viewer_is_staff)
        for stat in GroupStat.objects.filter(
            up_to,
            figures_snapshots,
            population=Population.ALL,
            dimension=Dimension.NATION,
            level=Level.TOTAL,
        ).select_related("snapshot__round")
    }
    points = [
        TrendPoint(year, own.get(year, {}), nation.get(year, EMPTY))
        for year in sorted(set(own) | set(nation))
    ]
    return sorted(_published(survey_round.year) + points, key=lambda point: point.year)


def _published(up_to: int) -> list[TrendPoint]:
    points = []
    for year, populations in reference_series().items():
        total = populations.get(Population.ALL, {}).get(TOTAL_CODE)
        if total is not None and year <= up_to:
            points.append(TrendPoint(year, {}, Figure(mean=total.mean, n=total.n or 0), True))
    return points
