from django.urls import path

from familyhub.triage import views

app_name = "triage"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<uuid:pk>", views.detail, name="detail"),
    path("<uuid:pk>/first-contact", views.first_contact, name="first-contact"),
    path("joins/", views.joins, name="joins"),
    path("joins/<uuid:pk>", views.join_detail, name="join"),
]
