"""The invitations that wait for a welcome session (startforlife.services.invitations_send), as
a daily django-q2 schedule made by `migrate`, as activities/0003 makes its reminders."""

import datetime as dt

from django.db import migrations
from django.utils import timezone

NAME = "Invite new families to welcome sessions"
INVITATIONS = "familyhub.startforlife.services.invitations_send"


def schedule_create(apps, schema_editor):
    # First run at the next 09:00 UTC, daily after that: a welcome session scheduled since
    # yesterday reaches every family still waiting for one, in working hours.
    now = timezone.now()
    first = now.replace(hour=9, minute=0, second=0, microsecond=0)
    if first <= now:
        first += dt.timedelta(days=1)
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=NAME,
        defaults={"func": INVITATIONS, "schedule_type": "D", "repeats": -1, "next_run": first},
    )


def schedule_delete(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("startforlife", "0001_notifications_invitations_milestones"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(schedule_create, schedule_delete)]
