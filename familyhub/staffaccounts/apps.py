from django.apps import AppConfig


class StaffAccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "familyhub.staffaccounts"
    label = "staffaccounts"
    verbose_name = "Staff accounts"
