from django.urls import path

from familyhub.directory.views import manage, public

app_name = "directory"
urlpatterns = [
    path("find", public.find, name="find"),
    path("services/<uuid:pk>", public.service_detail, name="service"),
    path("places/<uuid:pk>", public.location_detail, name="location"),
    path("areas/<slug:la_slug>/<slug:slug>", public.locality_detail, name="locality"),
    path("organisations/<uuid:pk>", public.organisation_detail, name="organisation"),
    path("outreach-bus", public.bus, name="bus"),
    path("list-your-organisation", manage.organisation_join, name="join"),
    path("staff/directory/", manage.home, name="manage-home"),
    path(
        "staff/directory/organisations/<uuid:pk>/services/new",
        manage.service_create,
        name="service-create",
    ),
    path("staff/directory/services/<uuid:pk>/edit", manage.service_edit, name="service-edit"),
    path(
        "staff/directory/services/<uuid:pk>/checked",
        manage.service_checked,
        name="service-checked",
    ),
    path(
        "staff/directory/services/<uuid:pk>/sessions",
        manage.service_sessions,
        name="service-sessions",
    ),
    path(
        "staff/directory/sessions/<uuid:pk>/remove",
        manage.session_remove,
        name="session-remove",
    ),
    path(
        "staff/directory/organisations/<uuid:pk>/places/new",
        manage.location_create,
        name="location-create",
    ),
    path("staff/directory/places/<uuid:pk>/edit", manage.location_edit, name="location-edit"),
    path(
        "staff/directory/organisations/<uuid:pk>/decision",
        manage.organisation_decision,
        name="organisation-decision",
    ),
]
