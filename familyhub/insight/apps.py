from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "familyhub.insight"
    label = "insight"
    verbose_name = "Insight: indicators, feedback and reports"
