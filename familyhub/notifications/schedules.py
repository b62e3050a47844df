"""Daily jobs as django-q2 schedules, made and unmade by `migrate`: the one way an app's
migration adds a job that runs every day (reminders, notices, invitations, purges).

A migration says what, when and under which name:

    operations = [daily_job(name="Remind families of tomorrow's sessions",
                            func="familyhub.activities.services.reminders_send", hour=16)]

The first run is the next time the clock shows that hour (UTC); then every day. Made by name,
so running the migration again changes the schedule instead of adding a second.
"""

import datetime as dt

from django.db import migrations
from django.utils import timezone


def _first_run(hour: int, minute: int) -> dt.datetime:
    now = timezone.now()
    first = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return first if first > now else first + dt.timedelta(days=1)


def daily_job(*, name: str, func: str, hour: int, minute: int = 0) -> migrations.RunPython:
    def schedule_create(apps, schema_editor):
        apps.get_model("django_q", "Schedule").objects.update_or_create(
            name=name,
            defaults={
                "func": func,
                "schedule_type": "D",
                "repeats": -1,
                "next_run": _first_run(hour, minute),
            },
        )

    def schedule_delete(apps, schema_editor):
        apps.get_model("django_q", "Schedule").objects.filter(name=name).delete()

    return migrations.RunPython(schedule_create, schedule_delete)
