"""The daily purge of records past their retention period, as a django-q2 schedule made by
`migrate` (as notifications/0002 makes the message sweep), so every database gets it."""

from django.db import migrations

from familyhub.notifications.schedules import daily_job

NAME = "Purge records past their retention period"
PURGE = "familyhub.retention.services.retention_purge"


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0002_periods"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    # When the front door is quiet.
    operations = [daily_job(name=NAME, func=PURGE, hour=2)]
