"""The sweep that delivers due messages, every minute. A schedule is data, so it is made here:
`migrate` (which `make run` and every deployment run) creates it once, and a fresh database,
a test database or production all get the same one without a step to remember."""

from django.db import migrations

NAME = "Deliver due messages"
SWEEP = "familyhub.notifications.services.messages_deliver_due"


def schedule_create(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.update_or_create(
        name=NAME,
        defaults={"func": SWEEP, "schedule_type": "I", "minutes": 1, "repeats": -1},
    )


def schedule_delete(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(schedule_create, schedule_delete)]
