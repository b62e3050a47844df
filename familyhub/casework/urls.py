from django.urls import include, path

app_name = "casework"
urlpatterns: list = [
    path("", include("familyhub.casework.urls_episodes")),
    path("", include("familyhub.casework.urls_plan")),
    path("", include("familyhub.casework.urls_assessment")),
]
