"""The retention periods, as data. The draft period is the front door's DRAFT_LIFETIME (28 days:
the resume link stops working then); a test keeps the two equal. The other two are recorded,
not purged yet: see familyhub/retention/models.py for why. Their lengths are placeholders for
the council's data protection officer to confirm."""

from django.db import migrations

PERIODS = [
    ("draft_request", 28, "when the family began the request", True),
    ("closed_episode", 7 * 365, "when the episode was closed (placeholder, not purged)", False),
    ("audit_event", 7 * 365, "when the event was recorded (placeholder, not purged)", False),
]


def periods_create(apps, schema_editor):
    RetentionPeriod = apps.get_model("retention", "RetentionPeriod")
    for kind, days, counted_from, purged in PERIODS:
        RetentionPeriod.objects.update_or_create(
            kind=kind, defaults={"days": days, "counted_from": counted_from, "purged": purged}
        )


def periods_delete(apps, schema_editor):
    apps.get_model("retention", "RetentionPeriod").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial")]

    operations = [migrations.RunPython(periods_create, periods_delete)]
