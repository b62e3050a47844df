"""/staff/two-year-offer/: the 2-year-old offer's staff pages."""

from django.urls import path

from familyhub.earlyeducation import views

app_name = "earlyeducation"
urlpatterns = [
    path("", views.figures, name="figures"),
    path("import", views.list_import, name="import"),
    path("letters", views.letters, name="letters"),
    path("take-up", views.take_up, name="take-up"),
]
