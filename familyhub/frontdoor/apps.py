from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "familyhub.frontdoor"
