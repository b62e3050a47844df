from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "familyhub.home"
    verbose_name = "Home"
