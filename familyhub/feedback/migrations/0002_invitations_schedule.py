"""The daily job that invites families to the feedback survey
(feedback.services.feedback_invitations_send), as a django-q2 schedule made by `migrate`, as
activities/0003 makes its reminders.

Daily, at 17:00 UTC: a text or an email in the afternoon or early evening, never at night; the
same day for a morning or afternoon session, the next for an evening one. The job looks two days
back for sessions and fourteen for episodes (feedback.rules), so a run missed while the worker
was down invites the same families the day after.
"""

from django.db import migrations

from familyhub.notifications.schedules import daily_job

NAME = "Invite families to give feedback"
INVITE = "familyhub.feedback.services.feedback_invitations_send"


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_invitations_and_answers"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [daily_job(name=NAME, func=INVITE, hour=17)]
