"""The national report: a round's figures for the whole country, read from snapshots.

Every figure carries its n. Small groups are a parameter of the read, not of the page:
a reader who is not national staff gets them as suppressed (no value at all), national
staff get the value flagged as small. The queries are the same whatever the data size:
the round's and its previous round's current snapshot ids, one read of each snapshot's
group figures, the questionnaire's codes, who answered which round and the municipal totals.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality, Role, SizeBand
from reports.models import (
    Dimension,
    GroupStat,
    Level,
    Population,
    Publication,
    Snapshot,
    SnapshotKind,
)
from reports.presentation import shown_difference
from reports.rules import hidden_figures, is_hidden, is_suppressed
from reports.selectors.codes import Code, questionnaire_codes
from reports.selectors.snapshots import current_snapshot_id, municipal_totals
from surveys.models import (
    Response,
    ResponseKind,
    ResponseStatus,
    RoundStatus,
    SurveyRound,
)

BREAKDOWNS = {Dimension.SIZE_BAND: SizeBand, Dimension.ROLE: Role}


@dataclass(frozen=True)
class Figure:
    """A mean with its n. A suppressed figure carries no value, so no page can leak it."""

    mean: float | None = None
    n: int = 0
    suppressed: bool = False
    small: bool = False
    # A group of a round that is not published whose figures have not been released yet
    # (docs/figures.md): nothing about it is shown, not even its n.
    unreleased: bool = False


EMPTY = Figure()
UNRELEASED = Figure(unreleased=True)


@dataclass(frozen=True)
class NationalRow:
    level: str
    code: str
    name: str
    all_previous: Figure
    all_current: Figure
    panel_previous: Figure
    panel_current: Figure

    @property
    def raw_change(self) -> float | None:
        return difference(self.all_previous, self.all_current)

    @property
    def panel_change(self) -> float | None:
        return difference(self.panel_previous, self.panel_current)

    @property
    def figures(self) -> list[Figure]:
        return [self.all_previous, self.all_current, self.panel_previous, self.panel_current]


class FlaggedRows:
    """A table whose rows hold figures: does any of them carry a small-group flag?"""

    rows: list

    @property
    def any_small(self) -> bool:
        return any(figure.small for row in self.rows for figure in row.figures)

    @property
    def any_suppressed(self) -> bool:
        return any(figure.suppressed for row in self.rows for figure in row.figures)


@dataclass(frozen=True)
class NationalTable(FlaggedRows):
    """SKL's "Sammanställning av samtliga svar": previous round against this one, for all
    respondents and for the same-respondent panel."""

    year: int
    previous_year: int | None
    computed: bool
    previous_computed: bool
    rows: list[NationalRow]

    @property
    def header_years(self) -> tuple[int, int]:
        return (self.previous_year or self.year - 1, self.year)

    @property
    def total(self) -> NationalRow | None:
        return next((row for row in self.rows if row.level == Level.TOTAL), None)


@dataclass(frozen=True)
class Participant:
    code: str
    name: str
    same_respondent: bool = False


@dataclass(frozen=True)
class RoundOverlap:
    """Which municipalities answered the previous round only, both, or this one only: the
    national report's "Deltagande" (not surveys.services.rounds.Participation, the share
    that answered, which publishing checks)."""

    municipalities: int
    previous_only: list[Participant]
    both: list[Participant]
    current_only: list[Participant]

    @property
    def current(self) -> int:
        return len(self.both) + len(self.current_only)

    @property
    def previous(self) -> int:
        return len(self.both) + len(self.previous_only)

    @property
    def either(self) -> int:
        return len(self.previous_only) + len(self.both) + len(self.current_only)

    @property
    def same_respondent(self) -> int:
        return sum(participant.same_respondent for participant in self.both)

    @property
    def response_rate(self) -> float | None:
        return 100 * self.current / self.municipalities if self.municipalities else None


@dataclass(frozen=True)
class Placing:
    """One municipality's total in the sorted distribution; names for national staff only."""

    rank: int
    score: float
    name: str = ""
    code: str = ""


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    label: str
    figures: list[Figure]

    @property
    def n(self) -> int:
        return self.figures[-1].n


@dataclass(frozen=True)
class Breakdown(FlaggedRows):
    dimension: str
    title: str
    columns: list[Code]
    rows: list[BreakdownRow]


@dataclass(frozen=True)
class NationalReport:
    survey_round: SurveyRound
    viewer_is_staff: bool
    table: NationalTable
    overlap: RoundOverlap
    distribution: list[Placing]
    breakdowns: list[Breakdown]

    @property
    def cornerstones(self) -> list[NationalRow]:
        return [row for row in self.table.rows if row.level != Level.INDICATOR]

    @property
    def indicators(self) -> list[NationalRow]:
        return [row for row in self.table.rows if row.level == Level.INDICATOR]


def difference(before: Figure, after: Figure) -> float | None:
    return shown_difference(after.mean, before.mean)


def figure_of(stat: GroupStat | None, *, viewer_is_staff: bool, hidden: bool = False) -> Figure:
    """`hidden`: suppressed for the public whatever its n (reports.rules.hidden_figures)."""
    if stat is None or stat.mean is None:
        return Figure(n=stat.n if stat else 0)
    if is_hidden(stat.n, viewer_is_staff=viewer_is_staff, hidden=hidden):
        return Figure(n=stat.n, suppressed=True)
    small = is_suppressed(stat.n, viewer_is_staff=False)
    return Figure(mean=stat.mean, n=stat.n, small=small)


_StatKey = tuple[str, str, str, str]  # population, dimension, group key, code


@dataclass(frozen=True)
class _Reading:
    """One read of each snapshot a page needs; every figure comes out of it."""

    current_id: int | None
    previous_id: int | None
    stats: dict[_StatKey, GroupStat]
    previous_stats: dict[_StatKey, GroupStat]
    codes: list[Code]
    viewer_is_staff: bool
    hidden: set[_StatKey]

    def figure(self, key: _StatKey, *, previous: bool = False) -> Figure:
        stat = (self.previous_stats if previous else self.stats).get(key)
        return figure_of(
            stat,
            viewer_is_staff=self.viewer_is_staff,
            hidden=not previous and key in self.hidden,
        )


def _stats(snapshot_id: int | None, wanted: Q) -> dict[_StatKey, GroupStat]:
    if snapshot_id is None:
        return {}
    stats = GroupStat.objects.filter(Q(snapshot_id=snapshot_id) & wanted)
    return {(s.population, s.dimension, s.group_key, s.code): s for s in stats}


def _read(survey_round: SurveyRound, *, breakdowns: bool, viewer_is_staff: bool) -> _Reading:
    """National staff read the figures as computed now; everyone else (the public version)
    reads them as published (docs/figures.md)."""
    kind = SnapshotKind.COMPUTED if viewer_is_staff else SnapshotKind.PUBLISHED
    current_id = current_snapshot_id(survey_round.pk, kind=kind)
    previous_round_id = survey_round.previous_round_id
    previous_id = current_snapshot_id(previous_round_id, kind=kind) if previous_round_id else None
    dimensions = [Dimension.NATION, *BREAKDOWNS] if breakdowns else [Dimension.NATION]
    panel = Q(population__in=[Population.SAME, Population.SAME_PREVIOUS])
    stats = _stats(
        current_id,
        Q(population=Population.ALL, dimension__in=dimensions)
        | (panel & Q(dimension=Dimension.NATION)),
    )
    return _Reading(
        current_id=current_id,
        previous_id=previous_id,
        stats=stats,
        previous_stats=_stats(
            previous_id, Q(population=Population.ALL, dimension=Dimension.NATION)
        ),
        codes=questionnaire_codes(survey_round.questionnaire_id),
        viewer_is_staff=viewer_is_staff,
        hidden=hidden_figures(
            {key: stat.n for key, stat in stats.items()}, viewer_is_staff=viewer_is_staff
        ),
    )


def _table(survey_round: SurveyRound, reading: _Reading) -> NationalTable:
    def nation(population: str, code: str, *, previous: bool = False) -> Figure:
        return reading.figure((population, Dimension.NATION, "", code), previous=previous)

    rows = [
        NationalRow(
            level=code.level,
            code=code.code,
            name=code.name,
            all_previous=nation(Population.ALL, code.code, previous=True),
            all_current=nation(Population.ALL, code.code),
            panel_previous=nation(Population.SAME_PREVIOUS, code.code),
            panel_current=nation(Population.SAME, code.code),
        )
        for code in reading.codes
    ]
    previous_round = survey_round.previous_round
    return NationalTable(
        year=survey_round.year,
        previous_year=previous_round.year if previous_round else None,
        computed=reading.current_id is not None,
        previous_computed=reading.previous_id is not None,
        rows=rows,
    )


def national_table(*, survey_round: SurveyRound, viewer_is_staff: bool) -> NationalTable:
    """The table alone, as `export_national` writes it."""
    reading = _read(survey_round, breakdowns=False, viewer_is_staff=viewer_is_staff)
    return _table(survey_round, reading)


def _respondent_email(round_id: int | None) -> Subquery:
    """The lower-cased e-mail of the municipality's submitted response; NULL: none."""
    responses = Response.objects.filter(
        round_id=round_id,
        kind=ResponseKind.OFFICIAL,
        status=ResponseStatus.SUBMITTED,
        municipality=OuterRef("pk"),
    )
    return Subquery(responses.values(email=Lower("respondent_email"))[:1])


def round_overlap(*, survey_round: SurveyRound) -> RoundOverlap:
    """Who answered only the previous round, both, or only this one (names listed)."""
    rows = (
        Municipality.objects.annotate(
            current_email=_respondent_email(survey_round.pk),
            previous_email=_respondent_email(survey_round.previous_round_id),
        )
        .filter(Q(current_email__isnull=False) | Q(previous_email__isnull=False))
        .order_by("name", "code")
        .values_list("code", "name", "current_email", "previous_email")
    )
    groups: dict[str, list[Participant]] = {"previous": [], "both": [], "current": []}
    for code, name, current, previous in rows:
        if current is None:
            groups["previous"].append(Participant(code, name))
        elif previous is None:
            groups["current"].append(Participant(code, name))
        else:
            same = bool(current) and current == previous
            groups["both"].append(Participant(code, name, same_respondent=same))
    return RoundOverlap(
        municipalities=Municipality.objects.count(),
        previous_only=groups["previous"],
        both=groups["both"],
        current_only=groups["current"],
    )


def distribution(snapshot_id: int | None, *, viewer_is_staff: bool) -> list[Placing]:
    """Every municipal total, highest first; who is who only for national staff, and
    for the public nothing when so few answered that a total is a small group's figure."""
    rows = list(
        municipal_totals(snapshot_id)
        .order_by("-score", "municipality__name")
        .values_list("rank", "score", "municipality__name", "municipality__code")
    )
    if viewer_is_staff:
        return [Placing(rank, score, name, code) for rank, score, name, code in rows]
    if is_suppressed(len(rows), viewer_is_staff=False):
        return []
    return [Placing(rank, score) for rank, score, _name, _code in rows]


def _breakdown_keys(reading: _Reading, dimension: str) -> list[tuple[str, str]]:
    """The dimension's groups in their natural order, and any the data has beside them
    (a response without a role)."""
    choices = [(str(key), str(label)) for key, label in BREAKDOWNS[dimension].choices]
    known = {key for key, _label in choices}
    extra = sorted(
        {key for population, dim, key, code in reading.stats if dim == dimension} - known
    )
    return choices + [(key, key or str(_("Uppgift saknas"))) for key in extra]


def _breakdowns(reading: _Reading) -> list[Breakdown]:
    columns = [code for code in reading.codes if code.level != Level.INDICATOR]
    return [
        Breakdown(
            dimension=str(dimension),
            title=str(Dimension(dimension).label),
            columns=columns,
            rows=[
                BreakdownRow(
                    key=key,
                    label=label,
                    figures=[
                        reading.figure((Population.ALL, dimension, key, column.code))
                        for column in columns
                    ],
                )
                for key, label in _breakdown_keys(reading, dimension)
            ],
        )
        for dimension in BREAKDOWNS
    ]


def national_report(*, survey_round: SurveyRound, viewer_is_staff: bool) -> NationalReport:
    """The whole report. `survey_round` should come with its previous round selected."""
    reading = _read(survey_round, breakdowns=True, viewer_is_staff=viewer_is_staff)
    return NationalReport(
        survey_round=survey_round,
        viewer_is_staff=viewer_is_staff,
        table=_table(survey_round, reading),
        overlap=round_overlap(survey_round=survey_round),
        distribution=distribution(reading.current_id, viewer_is_staff=viewer_is_staff),
        breakdowns=_breakdowns(reading),
    )


def publications(survey_round: SurveyRound) -> list[Publication]:
    """The round's publications, first to last, with who published."""
    if survey_round.status != RoundStatus.PUBLISHED:
        return []
    return list(Publication.objects.filter(round=survey_round).select_related("published_by"))


def report_rounds() -> QuerySet[SurveyRound]:
    """Every round, newest first, with what its current snapshot counted and when."""
    current = Snapshot.objects.filter(
        round=OuterRef("pk"), is_current=True, kind=SnapshotKind.COMPUTED
    )
    return (
        SurveyRound.objects.select_related("previous_round")
        .annotate(
            computed=Exists(current),
            computed_responses=Subquery(current.values("responses")[:1]),
            computed_at=Subquery(current.values("finished_at")[:1]),
        )
        .order_by("-year")
    )
