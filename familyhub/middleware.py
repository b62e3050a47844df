"""Project-level middleware: a request id for the logs, and no caching of personal data."""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from familyhub.logs import request_id_var, route_of

logger = logging.getLogger("familyhub.request")

REQUEST_ID_HEADER = "X-Request-ID"
# An id a proxy or load balancer already gave the request is kept, so one id follows it through
# every log; anything else (too long, or characters that could forge a log line) is replaced.
WELL_FORMED_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")

# Staff pages and the family record API show personal data: no browser or proxy may keep a copy.
NO_STORE_PATH_PREFIXES = ("/staff/", "/api/families/")


def logged_route(request: HttpRequest) -> str:
    """The route pattern, or the static files' prefix (WhiteNoise answers before any routing)."""
    static_prefix = "/" + settings.STATIC_URL.lstrip("/")
    return static_prefix if request.path_info.startswith(static_prefix) else route_of(request)


def request_id_for(request: HttpRequest) -> str:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    if WELL_FORMED_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Give each request an id, echo it in the response, log one line for the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_for(request)
        request.request_id = request_id  # type: ignore[attr-defined]  # for the 500 page
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            route = logged_route(request)
            logger.info(
                "%s %s %s",
                request.method,
                route,
                response.status_code,
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class NoStoreMiddleware:
    """Cache-Control: no-store on every answer under the staff area and the family record API."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(NO_STORE_PATH_PREFIXES):
            patch_cache_control(response, no_store=True)
        return response
