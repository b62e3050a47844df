"""Assessments gain the date they began. Those begun before this was kept take their
episode's opening date: an early help assessment starts when the episode does."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def started_with_the_episode(apps, schema_editor):
    Assessment = apps.get_model("casework", "Assessment")
    Episode = apps.get_model("casework", "Episode")
    opened = Episode.objects.filter(pk=OuterRef("episode_id")).values("opened_on")[:1]
    Assessment.objects.filter(started_on__isnull=True).update(started_on=Subquery(opened))


class Migration(migrations.Migration):
    dependencies = [("casework", "0005_episode_returned_from_social_care")]

    operations = [
        migrations.AddField(
            model_name="assessment", name="started_on", field=models.DateField(null=True)
        ),
        migrations.RunPython(started_with_the_episode, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="assessment", name="started_on", field=models.DateField()
        ),
    ]
