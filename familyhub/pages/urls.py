from django.urls import path
from django.views.generic import TemplateView

app_name = "pages"

# Fixed content with nothing to look up, so TemplateView is the whole view.
urlpatterns = [
    path("", TemplateView.as_view(template_name="pages/home.html"), name="home"),
    path(
        "accessibility",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("privacy", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path("contact", TemplateView.as_view(template_name="pages/contact.html"), name="contact"),
]
