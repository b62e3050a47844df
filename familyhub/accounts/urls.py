from django.contrib.auth import views as auth_views
from django.urls import path

from familyhub.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in", views.SignInView.as_view(), name="sign-in"),
    path("sign-in/code", views.sign_in_code, name="sign-in-code"),
    path("sign-in/set-up", views.set_up, name="set-up"),
    path("sign-out", auth_views.LogoutView.as_view(), name="sign-out"),
    path(
        "set-password/<str:uidb64>/<str:token>",
        views.SetPasswordView.as_view(),
        name="set-password",
    ),
]
