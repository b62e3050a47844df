from django.urls import path

from familyhub.notifications import views_notices

app_name = "notices"
urlpatterns = [
    path("", views_notices.notices, name="list"),
    path("<int:pk>/open", views_notices.notice_open, name="open"),
    path("mark-all-read", views_notices.notices_mark_all_read, name="mark-all-read"),
]
