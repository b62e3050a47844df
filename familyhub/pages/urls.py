import datetime as dt

from django.urls import path
from django.views.generic import TemplateView

app_name = "pages"

# When the accessibility statement was written, last looked over and the service last tested:
# dates, so that each language writes them its own way and a new date needs no new translation.
ACCESSIBILITY_DATES = {
    "prepared_on": dt.date(2026, 11, 23),
    "reviewed_on": dt.date(2026, 12, 1),
    "tested_on": dt.date(2026, 12, 1),
}

# Fixed content with nothing to look up, so TemplateView is the whole view.
urlpatterns = [
    path("", TemplateView.as_view(template_name="pages/home.html"), name="home"),
    path(
        "accessibility",
        TemplateView.as_view(
            template_name="pages/accessibility.html", extra_context=ACCESSIBILITY_DATES
        ),
        name="accessibility",
    ),
    path("privacy", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("contact", TemplateView.as_view(template_name="pages/contact.html"), name="contact"),
]
