from django.urls import path

from familyhub.staffaccounts import views

app_name = "staffaccounts"
urlpatterns = [
    path("", views.staff_list, name="list"),
    path("invite", views.invite, name="invite"),
    path("<int:pk>", views.detail, name="detail"),
    path("<int:pk>/roles", views.membership_add, name="membership-add"),
    path(
        "<int:pk>/roles/<int:membership_pk>/remove",
        views.membership_remove,
        name="membership-remove",
    ),
    path("<int:pk>/invitation", views.invitation_resend, name="invitation-resend"),
    path("<int:pk>/deactivate", views.deactivate, name="deactivate"),
    path("<int:pk>/reactivate", views.reactivate, name="reactivate"),
    path("<int:pk>/authenticator/reset", views.authenticator_reset, name="authenticator-reset"),
    path("<int:pk>/lockout/lift", views.lockout_lift, name="lockout-lift"),
]
