from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The service's static pages (start page, accessibility statement, privacy notice, contact)
    and the template filters the shared GOV.UK partials use."""

    name = "familyhub.pages"
    default_auto_field = "django.db.models.BigAutoField"
