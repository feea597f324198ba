"""Rounds published before publications were fixed get theirs now: a copy of their current
snapshot, as what was shown then, and a publication at the round's time of publishing.
Stored scores learn the role of their response, which breakdowns now read from them."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def forwards(apps, schema_editor):
    Snapshot = apps.get_model("reports", "Snapshot")
    GroupStat = apps.get_model("reports", "GroupStat")
    MunicipalityScore = apps.get_model("reports", "MunicipalityScore")
    Publication = apps.get_model("reports", "Publication")
    Response = apps.get_model("surveys", "Response")
    MunicipalityScore.objects.update(
        respondent_role=Subquery(
            Response.objects.filter(pk=OuterRef("response_id")).values("respondent_role")[:1]
        )
    )
    computed = Snapshot.objects.filter(
        kind="computed", is_current=True, round__status="published"
    ).select_related("round")
    for source in computed:
        published = Snapshot.objects.create(
            round=source.round,
            kind="published",
            is_current=True,
            responses=source.responses,
            source_updated_at=source.source_updated_at,
            started_at=source.started_at,
            finished_at=source.finished_at,
        )
        for model in (GroupStat, MunicipalityScore):
            rows = list(model.objects.filter(snapshot=source))
            for row in rows:
                row.pk = None
                row.snapshot = published
            model.objects.bulk_create(rows, batch_size=2000)
        Publication.objects.create(
            round=source.round,
            published_at=source.round.published_at or source.finished_at or source.started_at,
            responses=source.responses,
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_releases_and_publications")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
