"""The site's URLs, plus pages that fail on purpose, for the error page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest
from django.urls import path

from familyhub.urls import handler400, handler403, handler404, handler500  # noqa: F401
from familyhub.urls import urlpatterns as site_urlpatterns


def refuses(request: HttpRequest):
    raise PermissionDenied


def suspicious(request: HttpRequest):
    raise SuspiciousOperation("a request the site will not read")


def breaks(request: HttpRequest):
    raise RuntimeError("something went wrong inside a view")


urlpatterns = [
    path("failing/403", refuses),
    path("failing/400", suspicious),
    path("failing/500", breaks),
    path("api/failing/500", breaks),
    *site_urlpatterns,
]
