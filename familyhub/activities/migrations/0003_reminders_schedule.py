"""The reminders the day before a session (activities.services.reminders_send), as a daily
django-q2 schedule made by `migrate`, as casework/0004 makes its daily notices."""

import datetime as dt

from django.db import migrations
from django.utils import timezone

NAME = "Remind families of tomorrow's sessions"
REMINDERS = "familyhub.activities.services.reminders_send"


def schedule_create(apps, schema_editor):
    # First run at the next 16:00 UTC: the afternoon before, when a family can still cancel
    # and the place can still go to someone on the waiting list; daily after that.
    now = timezone.now()
    first = now.replace(hour=16, minute=0, second=0, microsecond=0)
    if first <= now:
        first += dt.timedelta(days=1)
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=NAME,
        defaults={"func": REMINDERS, "schedule_type": "D", "repeats": -1, "next_run": first},
    )


def schedule_delete(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0002_database_guards"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(schedule_create, schedule_delete)]
