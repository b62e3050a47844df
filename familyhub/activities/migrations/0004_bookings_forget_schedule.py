"""The daily clearing of bookings' contact details after their session
(activities.services.bookings_forget), as a django-q2 schedule made by `migrate`."""

import datetime as dt

from django.db import migrations
from django.utils import timezone

NAME = "Forget who booked past sessions"
FORGET = "familyhub.activities.services.bookings_forget"


def schedule_create(apps, schema_editor):
    # At night, when nobody is booking: 02:30 UTC, daily.
    now = timezone.now()
    first = now.replace(hour=2, minute=30, second=0, microsecond=0)
    if first <= now:
        first += dt.timedelta(days=1)
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=NAME,
        defaults={"func": FORGET, "schedule_type": "D", "repeats": -1, "next_run": first},
    )


def schedule_delete(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("activities", "0003_reminders_schedule")]

    operations = [migrations.RunPython(schedule_create, schedule_delete)]
