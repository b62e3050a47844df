from django.urls import path

from familyhub.feedback import views

app_name = "feedback-staff"

urlpatterns = [
    path("", views.comments, name="comments"),
]
