"""/staff/sessions/: registers at sessions (views_registers)."""

from django.urls import path

from familyhub.activities import views_registers

app_name = "registers"
urlpatterns = [
    path("", views_registers.sessions, name="sessions"),
    path("<int:pk>/", views_registers.register, name="register"),
    path("<int:pk>/walk-in", views_registers.walk_in, name="walk-in"),
    path("<int:pk>/register-family", views_registers.register_family, name="register-family"),
    path("<int:pk>/book", views_registers.book, name="book"),
]
