from django.apps import AppConfig


class StartForLifeConfig(AppConfig):
    name = "familyhub.startforlife"
    label = "startforlife"
    verbose_name = "Start for Life: births, invitations and the first 1,001 days"
