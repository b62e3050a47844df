"""The daily notices of plan actions coming due (casework.services.notices.actions_due_notify), as
a django-q2 schedule made by `migrate`, as retention/0003 makes the purge."""

import datetime as dt

from django.db import migrations
from django.utils import timezone

NAME = "Tell lead professionals of plan actions coming due"
ACTIONS_DUE = "familyhub.casework.services.notices.actions_due_notify"


def schedule_create(apps, schema_editor):
    # First run at the next 06:00 UTC, so the notices are waiting when the working day starts;
    # daily after that.
    now = timezone.now()
    first = now.replace(hour=6, minute=0, second=0, microsecond=0)
    if first <= now:
        first += dt.timedelta(days=1)
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=NAME,
        defaults={"func": ACTIONS_DUE, "schedule_type": "D", "repeats": -1, "next_run": first},
    )


def schedule_delete(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0003_organisation_in_accounts"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(schedule_create, schedule_delete)]
