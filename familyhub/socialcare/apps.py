from django.apps import AppConfig


class SocialCareConfig(AppConfig):
    name = "familyhub.socialcare"
    label = "socialcare"
    verbose_name = "Children's social care"
