"""The daily notices of plan actions coming due (casework.services.notices.actions_due_notify), as
a django-q2 schedule made by `migrate`, as retention/0003 makes the purge."""

from django.db import migrations

from familyhub.notifications.schedules import daily_job

NAME = "Tell lead professionals of plan actions coming due"
ACTIONS_DUE = "familyhub.casework.services.notices.actions_due_notify"


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0003_organisation_in_accounts"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    # So the notices are waiting when the working day starts.
    operations = [daily_job(name=NAME, func=ACTIONS_DUE, hour=6)]
