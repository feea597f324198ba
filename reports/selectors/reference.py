"""The published reference series (SKL's national means for 2006 and 2007)."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from reports.models import ReferenceMean

# How pages label these figures: published, rounded to one decimal, not computed here.
PUBLISHED_LABEL = _("Publicerade siffror (SKL)")


@dataclass(frozen=True)
class ReferenceFigure:
    level: str
    mean: float
    n: int | None
    source: str


def reference_means() -> QuerySet[ReferenceMean]:
    """Every published mean: years ascending, each in the published table's order."""
    return ReferenceMean.objects.order_by("year", "population", "pk")


def reference_series() -> dict[int, dict[str, dict[str, ReferenceFigure]]]:
    """year → population ("all" or "same") → code → the published mean and its n.

    One query. Years ascending, codes in the published table's order.
    """
    series: dict[int, dict[str, dict[str, ReferenceFigure]]] = {}
    for mean in reference_means():
        series.setdefault(mean.year, {}).setdefault(mean.population, {})[mean.code] = (
            ReferenceFigure(level=mean.level, mean=mean.mean, n=mean.n, source=mean.source)
        )
    return series
