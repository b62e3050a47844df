from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "familyhub.feedback"
    label = "feedback"
    verbose_name = "Family feedback"
