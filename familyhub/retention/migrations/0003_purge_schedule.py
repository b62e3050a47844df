"""The daily purge of records past their retention period, as a django-q2 schedule made by
`migrate` (as notifications/0002 makes the message sweep), so every database gets it."""

import datetime as dt

from django.db import migrations
from django.utils import timezone

NAME = "Purge records past their retention period"
PURGE = "familyhub.retention.services.retention_purge"


def schedule_create(apps, schema_editor):
    # First run at the next 02:00 UTC, when the front door is quiet; daily after that.
    now = timezone.now()
    first = now.replace(hour=2, minute=0, second=0, microsecond=0)
    if first <= now:
        first += dt.timedelta(days=1)
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=NAME,
        defaults={"func": PURGE, "schedule_type": "D", "repeats": -1, "next_run": first},
    )


def schedule_delete(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0002_periods"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(schedule_create, schedule_delete)]
