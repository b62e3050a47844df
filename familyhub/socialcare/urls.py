"""/staff/social-care/: children's social care's inbox of handovers, and its step-downs."""

from django.urls import path

from familyhub.socialcare import views

app_name = "socialcare"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("requests/<uuid:pk>", views.request_detail, name="request"),
    path("requests/<uuid:pk>/accept", views.request_accept, name="request-accept"),
    path("requests/<uuid:pk>/return", views.request_return, name="request-return"),
    path("step-ups/<int:pk>", views.step_up_detail, name="step-up"),
    path("step-ups/<int:pk>/accept", views.step_up_accept, name="step-up-accept"),
    path("step-ups/<int:pk>/return", views.step_up_return, name="step-up-return"),
    path("step-down", views.step_down, name="step-down"),
]
