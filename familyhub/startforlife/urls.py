from django.urls import path

from familyhub.startforlife import views

app_name = "startforlife"

urlpatterns = [
    path("import/", views.notifications_import, name="import"),
    path("first-1001-days/", views.first_days_localities, name="localities"),
    path("first-1001-days/<int:pk>/", views.first_days, name="first-days"),
    path("babies/<uuid:pk>/review/", views.milestone_record, name="milestone"),
    path("reach/", views.reach, name="reach"),
]
