from django.urls import path

from familyhub.insight import views

app_name = "insight"
urlpatterns = [
    path("", views.indicators, name="indicators"),
    path("ofsted/early-help-list/", views.early_help_list, name="early-help-list"),
]
