"""Stored report snapshots: what the database computed for a round, read by every page.

A recompute writes a whole new snapshot and then makes it the round's current one in a
single short transaction; pages read through the current snapshot's id, so they never
see half of one computation and half of another.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality
from surveys.models import Response, SurveyRound


class Level(models.TextChoices):
    INDICATOR = "indicator", _("Indikator")
    CORNERSTONE = "cornerstone", _("Hörnsten")
    TOTAL = "total", _("Totalt")


# The code of the one figure of level Level.TOTAL (beside indicators' and cornerstones'
# codes such as "SL1" and "SL"), as the aggregation writes it.
TOTAL_CODE = "TOTAL"


class Population(models.TextChoices):
    """Whose answers a figure is computed over."""

    ALL = "all", _("Alla svarande")
    PANEL = "panel", _("Svarat båda åren")
    PANEL_PREVIOUS = "panel_prev", _("Svarat båda åren, föregående omgång")
    SAME = "same", _("Samma svarande båda åren")
    SAME_PREVIOUS = "same_prev", _("Samma svarande båda åren, föregående omgång")


class Dimension(models.TextChoices):
    NATION = "nation", _("Riket")
    SIZE_BAND = "size_band", _("Kommunstorlek")
    COUNTY = "county", _("Län")
    SKR_GROUP = "skr_group", _("Kommungrupp")
    ROLE = "role", _("Svarandens roll")


class SnapshotKind(models.TextChoices):
    """Whose figures a snapshot holds (docs/figures.md, "Who sees which figures")."""

    # What the data says now: recomputed after every change; national staff read it.
    COMPUTED = "computed", _("Beräknad")
    # What everyone else sees of a round that is not published: each group's figures
    # as they were when it last had enough new or changed responses.
    RELEASED = "released", _("Släppt")
    # Fixed when the round was published (or published again, with a reason).
    PUBLISHED = "published", _("Publicerad")


class Snapshot(models.Model):
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="snapshots")
    kind = models.CharField(
        max_length=10, choices=SnapshotKind.choices, default=SnapshotKind.COMPUTED
    )
    is_current = models.BooleanField(default=False)
    responses = models.PositiveIntegerField(default=0)
    # The newest response change the snapshot has seen: a recompute with nothing newer
    # than this has nothing to do.
    source_updated_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        get_latest_by = "started_at"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "kind"],
                condition=Q(is_current=True),
                name="one_current_snapshot_of_each_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.kind} @ {self.started_at:%Y-%m-%d %H:%M:%S}"

    @property
    def figures_at(self):
        """When its figures were made: a release's are the nation's as last released (a
        group released since tells nobody when the others' answers came in)."""
        if self.kind == SnapshotKind.RELEASED:
            release = self.nation_release
            return release.released_at if release else None
        return self.finished_at

    @property
    def nation_release(self) -> "ReleasedGroup | None":
        """A released snapshot's release of the nation: when its figures were made and
        over how many responses (prefetch `released_groups` to read it without a query)."""
        if self.kind != SnapshotKind.RELEASED:
            return None
        return next(
            (
                group
                for group in self.released_groups.all()
                if (group.population, group.dimension, group.group_key)
                == (Population.ALL, Dimension.NATION, "")
            ),
            None,
        )


class GroupStat(models.Model):
    """n, mean, standard deviation and distribution of one code for one group."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="group_stats")
    population = models.CharField(max_length=12, choices=Population.choices)
    dimension = models.CharField(max_length=12, choices=Dimension.choices)
    group_key = models.CharField(max_length=20, blank=True)
    level = models.CharField(max_length=12, choices=Level.choices)
    code = models.CharField(max_length=10)
    n = models.PositiveIntegerField()
    mean = models.FloatField(null=True)
    sd = models.FloatField(null=True)
    count_1 = models.PositiveIntegerField(default=0)
    count_2 = models.PositiveIntegerField(default=0)
    count_3 = models.PositiveIntegerField(default=0)
    count_4 = models.PositiveIntegerField(default=0)
    count_dont_know = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["snapshot", "population", "dimension", "level"])]

    def __str__(self) -> str:
        return f"{self.population}/{self.dimension}={self.group_key} {self.code}: {self.mean}"


class MunicipalityScore(models.Model):
    """A municipality's score on one code, its rank, and its previous round's score."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="scores")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=12, choices=Level.choices)
    code = models.CharField(max_length=10)
    score = models.FloatField(null=True)  # NULL: "vet ej" (indicator) or nothing answered
    dont_know = models.BooleanField(default=False)
    rank = models.PositiveIntegerField(null=True)
    percentile = models.FloatField(null=True)  # share of municipalities below, 0–100
    previous_score = models.FloatField(null=True)
    previous_dont_know = models.BooleanField(default=False)
    in_panel = models.BooleanField(default=False)
    same_respondent = models.BooleanField(default=False)
    # As the response said when this was computed: the role breakdown groups by it, and a
    # released snapshot must keep the role its figures were computed with.
    respondent_role = models.CharField(max_length=20, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["snapshot", "municipality"]),
            models.Index(fields=["snapshot", "level", "code"]),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.code}: {self.score}"


class ReferenceMean(models.Model):
    """A national mean SKL published (2006, 2007): a reference series, not a survey round."""

    year = models.PositiveSmallIntegerField()
    population = models.CharField(max_length=12, choices=Population.choices)
    level = models.CharField(max_length=12, choices=Level.choices)
    code = models.CharField(max_length=10)
    mean = models.FloatField()
    n = models.PositiveIntegerField(null=True)
    source = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "population", "code"], name="one_reference_mean"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.population} {self.code}: {self.mean}"


class SnapshotMember(models.Model):
    """A response counted in one group of a snapshot, and a fingerprint of the values it
    gave that group: how a release tells which responses were added or changed."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="members")
    population = models.CharField(max_length=12, choices=Population.choices)
    dimension = models.CharField(max_length=12, choices=Dimension.choices)
    group_key = models.CharField(max_length=20, blank=True)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=200)

    class Meta:
        indexes = [
            models.Index(fields=["snapshot", "population", "dimension", "group_key", "response"])
        ]

    def __str__(self) -> str:
        return f"{self.population}/{self.dimension}/{self.group_key}: {self.response_id}"


class ReleasedGroup(models.Model):
    """One group's figures in a released snapshot: when they were released and over how
    many responses. Figures of a group with no row here have not been released."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="released_groups")
    population = models.CharField(max_length=12, choices=Population.choices)
    dimension = models.CharField(max_length=12, choices=Dimension.choices)
    group_key = models.CharField(max_length=20, blank=True)
    responses = models.PositiveIntegerField()
    released_at = models.DateTimeField()
    # The computed snapshot the figures were taken from (gone by now, as a rule).
    source_snapshot_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "population", "dimension", "group_key"],
                name="one_release_per_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.population}/{self.dimension}/{self.group_key} n={self.responses}"


class Publication(models.Model):
    """A round's publication, or a later one with a reason: the log the report shows."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="publications")
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True, max_length=1000)
    responses = models.PositiveIntegerField()

    class Meta:
        ordering = ["published_at", "pk"]

    def __str__(self) -> str:
        return f"{self.round} {self.published_at:%Y-%m-%d %H:%M}"

    @property
    def is_republication(self) -> bool:
        return bool(self.reason)
