"""Project-level middleware: a request id for the logs, no caching of personal data, no input
the database cannot store, and staff pages in English."""

import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control

from familyhub.errors import bad_request
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


# Pages for the council's and partners' staff: written, and so shown, in English only.
STAFF_PATH_PREFIX = "/staff/"


class StaffPagesInEnglishMiddleware:
    """The staff area in English whatever language the visitor chose for the public pages.

    Staff pages are not translated: shown under a Bengali or Somali choice they would be English
    words in a page marked lang="bn", read with the wrong voice. Family papers made from a staff
    page (a plan, a letter) still choose the family's language themselves. After
    LocaleMiddleware, which this overrides; the page leaves out the language switcher
    (request.english_only).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.english_only = request.path_info.startswith(STAFF_PATH_PREFIX)
        if request.english_only:
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


FORM_ENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


class UnstorableInput(Exception):
    """A NUL character, or bytes that are not UTF-8 (lone surrogates included)."""


def _check_bytes(raw: bytes) -> None:
    # PostgreSQL refuses NUL in text ("A string literal cannot contain NUL") and Python's strict
    # UTF-8 decoder refuses both invalid sequences and encoded surrogates such as ED A0 80.
    if b"\x00" in raw:
        raise UnstorableInput("NUL")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnstorableInput("not UTF-8") from exc


def _check_texts(texts: Iterable[str]) -> None:
    if any("\x00" in text for text in texts):
        raise UnstorableInput("NUL")


def _wsgi_bytes(value: str) -> bytes:
    # WSGI hands over the raw bytes of the path and query string as Latin-1 text.
    return value.encode("iso-8859-1", errors="replace")


def _check_body(request: HttpRequest) -> None:
    content_type = request.content_type or ""
    if content_type == FORM_ENCODED:
        _check_bytes(unquote_to_bytes(request.body))
    elif content_type == MULTIPART:
        body = request.body  # read before parsing, so the parser works from the same bytes
        if request.FILES:
            # A file may hold any bytes: check only the text fields, as Django decoded them.
            _check_texts([*request.POST.keys(), *request.POST.values()])
        else:
            _check_bytes(body)


def check_storable(request: HttpRequest) -> None:
    """Raise UnstorableInput if the path, query string, form body or session cookie holds what
    no field could store. Other request bodies (JSON) are left to the view that reads them."""
    # Django has already percent-encoded again whatever in the path was not UTF-8, so the path
    # is decoded once more (no address of the site has a "%" of its own).
    _check_bytes(unquote_to_bytes(request.path_info))
    _check_bytes(unquote_to_bytes(_wsgi_bytes(request.META.get("QUERY_STRING", ""))))
    # The session middleware looks the cookie up in the database as it comes.
    _check_texts([request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")])
    if request.method == "POST":
        _check_body(request)


class StorableInputMiddleware:
    """400 for a request carrying NUL bytes, invalid UTF-8 or lone surrogates.

    No form or API could store them (PostgreSQL refuses NUL in text; SQLite would store what no
    page can show), and no legitimate browser sends them, so the request is refused here, before
    the session, any view or the database sees it. It sits before SessionMiddleware: the 400
    page is rendered for an anonymous visitor, in the language their browser asks for.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            check_storable(request)
        except UnstorableInput as exc:
            logger.warning("Refused unstorable input: %s", exc, extra={"reason": str(exc)})
            with translation.override(translation.get_language_from_request(request)):
                return bad_request(request, exc)
        return self.get_response(request)
