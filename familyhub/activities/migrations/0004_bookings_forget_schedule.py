"""The daily clearing of bookings' contact details after their session
(activities.services.bookings_forget), as a django-q2 schedule made by `migrate`."""

from django.db import migrations

from familyhub.notifications.schedules import daily_job

NAME = "Forget who booked past sessions"
FORGET = "familyhub.activities.services.bookings_forget"


class Migration(migrations.Migration):
    dependencies = [("activities", "0003_reminders_schedule")]

    # At night, when nobody is booking.
    operations = [daily_job(name=NAME, func=FORGET, hour=2, minute=30)]
