"""The reminders the day before a session (activities.services.reminders_send), as a daily
django-q2 schedule made by `migrate`, as casework/0004 makes its daily notices."""

from django.db import migrations

from familyhub.notifications.schedules import daily_job

NAME = "Remind families of tomorrow's sessions"
REMINDERS = "familyhub.activities.services.reminders_send"


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0002_database_guards"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    # The afternoon before, when a family can still cancel and the place can still go to
    # someone on the waiting list.
    operations = [daily_job(name=NAME, func=REMINDERS, hour=16)]
