from django.urls import path

from familyhub.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.jobs, name="jobs"),
    path("messages/<int:pk>/try-again", views.message_retry, name="message-retry"),
]
