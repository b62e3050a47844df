from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "familyhub.activities"
    label = "activities"
    verbose_name = "Activities and bookings"
