"""What a visitor sees when something goes wrong: the council's page in their language, or JSON.

Django's own error pages are plain and name Django; these extend the base layout, are
translated, and never show a stack trace. Anything under /api/ answers in JSON, as the APIs do
(`{"detail": …}`), whether the error came from the API or from routing (an unknown path).

The 500 page is rendered without context processors and without touching the user or the
session: it must still appear when the database is what failed.

While the database cannot be reached (a PostgreSQL restart, a failover) the same handler answers
503 with Retry-After instead: the visitor did nothing wrong and the page will work again in a
moment, and a load balancer or monitor can tell an outage from a bug. Only a lost or refused
connection counts (`database_unreachable`); a deadlock or a timed-out query is still a 500.
"""

import sqlite3
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
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
    503: "Service unavailable: try again later.",
}

# Seconds a visitor or client is asked to wait while the database is away: about what a
# PostgreSQL restart takes.
RETRY_AFTER_SECONDS = 30
# PostgreSQL's SQLSTATEs for a server that is going away or not yet back: class 08 (connection
# exception), admin shutdown, crash shutdown, cannot connect now (starting up).
UNREACHABLE_SQLSTATE_CLASS = "08"
UNREACHABLE_SQLSTATES = {"57P01", "57P02", "57P03"}


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


def _driver_error_unreachable(error: BaseException) -> bool:
    """The database driver's own error (Django's wraps it as __cause__) says the server is
    unreachable: PostgreSQL names connection failures with no SQLSTATE (refused, closed
    unexpectedly) or one of the server's going-away codes; SQLite cannot open its file."""
    if isinstance(error, sqlite3.OperationalError):
        return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_CANTOPEN
    sqlstate = getattr(error, "sqlstate", "missing")
    if sqlstate == "missing":  # not a psycopg error: nothing says what it was
        return False
    return (
        sqlstate is None
        or sqlstate.startswith(UNREACHABLE_SQLSTATE_CLASS)
        or sqlstate in UNREACHABLE_SQLSTATES
    )


def database_unreachable(error: BaseException | None) -> bool:
    """Whether this error means the database could not be reached, rather than a query failed.

    An InterfaceError is a connection already gone. An OperationalError is also what a
    deadlock, a lock timeout or a cancelled query raise, so its cause decides."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    return cause is not None and _driver_error_unreachable(cause)


def _page_without_database(request: HttpRequest, template: str, status: int) -> HttpResponse:
    # Only what needs no database: not the user, not the context processors that ask for roles.
    context = {
        "request": request,
        "csrf_token": get_token(request),  # the language switcher's forms
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
        "request_id": getattr(request, "request_id", ""),
    }
    return HttpResponse(loader.render_to_string(template, context), status=status)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """The database is away for a moment: 503, and when to try again."""
    if _for_api(request):
        response: HttpResponse = JsonResponse({"detail": API_DETAIL[503]}, status=503)
    else:
        response = _page_without_database(request, "503.html", 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this inside its `except`, so the error being handled is still current.
    if database_unreachable(sys.exc_info()[1]):
        return service_unavailable(request)
    if _for_api(request):
        return JsonResponse({"detail": API_DETAIL[500]}, status=500)
    return _page_without_database(request, "500.html", 500)
