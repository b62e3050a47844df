from django.urls import path

from familyhub.dataprotection import views

app_name = "dataprotection"
urlpatterns = [
    path("", views.register, name="register"),
    path("new", views.subject_search, name="search"),
    path("new/person/<uuid:person_pk>", views.request_new_for_person, name="new-for-person"),
    path(
        "new/front-door/<uuid:request_pk>",
        views.request_new_for_front_door,
        name="new-for-front-door",
    ),
    path("<uuid:pk>", views.request_detail, name="detail"),
    path("<uuid:pk>/decide", views.request_decide, name="decide"),
    path("<uuid:pk>/subject-access", views.subject_access, name="subject-access"),
    path(
        "<uuid:pk>/subject-access.<str:file_format>",
        views.subject_access_download,
        name="subject-access-download",
    ),
    path("<uuid:pk>/rectify", views.rectify, name="rectify"),
    path("<uuid:pk>/erase", views.erase, name="erase"),
    path("<uuid:pk>/carried-out", views.complete, name="complete"),
]
