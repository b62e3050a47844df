from django.urls import path

from familyhub.activities import views

app_name = "activities"

urlpatterns = [
    path("", views.whats_on, name="whats-on"),
    path("<int:pk>/", views.session_detail, name="session"),
    path("booking/<str:token>/", views.booking_done, name="booking"),
    path("cancel/<str:token>", views.booking_cancel, name="cancel"),
]
