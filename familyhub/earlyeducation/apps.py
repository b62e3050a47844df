from django.apps import AppConfig


class EarlyEducationConfig(AppConfig):
    name = "familyhub.earlyeducation"
    label = "earlyeducation"
    verbose_name = "Funded early education for 2-year-olds"
