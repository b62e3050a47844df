"""/staff/referrals/: practitioners' referrals and their status."""

from django.urls import path

from familyhub.frontdoor.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new", views.referral_new, name="new"),
    path("<uuid:pk>", views.referral_detail, name="detail"),
]
