"""The invitations that wait for a welcome session (startforlife.services.invitations_send), as
a daily django-q2 schedule made by `migrate`, as activities/0003 makes its reminders."""

from django.db import migrations

from familyhub.notifications.schedules import daily_job

NAME = "Invite new families to welcome sessions"
INVITATIONS = "familyhub.startforlife.services.invitations_send"


class Migration(migrations.Migration):
    dependencies = [
        ("startforlife", "0001_notifications_invitations_milestones"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    # A welcome session scheduled since yesterday reaches every family still waiting for one,
    # in working hours.
    operations = [daily_job(name=NAME, func=INVITATIONS, hour=9)]
