from django.urls import path

from familyhub.oversight import views

app_name = "oversight"
urlpatterns = [
    path("", views.audit_log, name="audit-log"),
]
