"""What a visitor sees when something goes wrong: the council's page in their language, or JSON.

Django's own error pages are plain and name Django; these extend the base layout, are
translated, and never show a stack trace. Anything under /api/ answers in JSON, as the APIs do
(`{"detail": …}`), whether the error came from the API or from routing (an unknown path).

The 500 page is rendered without context processors and without touching the user or the
session: it must still appear when the database is what failed.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import loader
from django_ratelimit.exceptions import Ratelimited

API_PATH_PREFIX = "/api/"

# For machines: plain English, as the APIs' other answers are.
API_DETAIL = {
    400: "Bad request.",
    403: "Forbidden.",
    404: "Not found.",
    429: "Too many requests: try again later.",
    500: "Server error: the error has been logged.",
}


def _for_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PATH_PREFIX)


def _answer(request: HttpRequest, status: int, template: str) -> HttpResponse:
    if _for_api(request):
        return JsonResponse({"detail": API_DETAIL[status]}, status=status)
    return render(request, template, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _answer(request, 400, "400.html")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    # django-ratelimit refuses with a kind of PermissionDenied; the visitor did nothing wrong
    # but ask too often, and may try again later.
    if isinstance(exception, Ratelimited):
        return _answer(request, 429, "429.html")
    return _answer(request, 403, "403.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _answer(request, 404, "404.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without a valid CSRF token: usually a page left open too long."""
    return _answer(request, 403, "403_csrf.html")


def server_error(request: HttpRequest) -> HttpResponse:
    if _for_api(request):
        return JsonResponse({"detail": API_DETAIL[500]}, status=500)
    # Only what needs no database: not the user, not the context processors that ask for roles.
    context = {
        "request": request,
        "csrf_token": get_token(request),  # the language switcher's forms
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
        "request_id": getattr(request, "request_id", ""),
    }
    return HttpResponse(loader.render_to_string("500.html", context), status=500)
