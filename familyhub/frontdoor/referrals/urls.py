"""/staff/referrals/: practitioners' referrals and their status."""

from django.urls import path

from familyhub.frontdoor.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new", views.referral_new, name="new"),
    path("<uuid:pk>", views.referral_detail, name="detail"),
    # The inbox of the organisation that runs the service a referral went to.
    path("received/", views.received_list, name="received"),
    path("received/<uuid:pk>", views.received_detail, name="received-detail"),
    path("received/<uuid:pk>/open", views.received_open, name="received-open"),
    path("received/<uuid:pk>/accept", views.received_accept, name="received-accept"),
    path("received/<uuid:pk>/decline", views.received_decline, name="received-decline"),
    path("received/<uuid:pk>/complete", views.received_complete, name="received-complete"),
]
