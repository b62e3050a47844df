from django.urls import path

from familyhub.feedback import views

app_name = "feedback"

urlpatterns = [
    path("<str:token>/", views.survey, name="survey"),
    path("<str:token>/thank-you/", views.thanks, name="thanks"),
]
