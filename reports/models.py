"""Stored report snapshots: what the database computed for a round, read by every page.

A recompute writes a whole new snapshot and then makes it the round's current one in a
single short transaction; pages read through the current snapshot's id, so they never
see half of one computation and half of another.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality
from surveys.models import Response, SurveyRound


class Level(models.TextChoices):
    INDICATOR = "indicator", _("Indikator")
    CORNERSTONE = "cornerstone", _("Hörnsten")
    TOTAL = "total", _("Totalt")


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


class Snapshot(models.Model):
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="snapshots")
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
                fields=["round"], condition=Q(is_current=True), name="one_current_snapshot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} @ {self.started_at:%Y-%m-%d %H:%M:%S}"


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
