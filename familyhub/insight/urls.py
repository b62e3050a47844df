from django.urls import path

from familyhub.insight import views

app_name = "insight"
urlpatterns = [
    path("", views.indicators, name="indicators"),
    path("board-reports/", views.board_reports_page, name="board-reports"),
    path("board-reports/<int:pk>.pdf", views.board_report_file, name="board-report"),
    path("ofsted/early-help-list/", views.early_help_list, name="early-help-list"),
]
