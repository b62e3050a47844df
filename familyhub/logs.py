"""Logs for machines: one JSON object a line on stdout, each with the id of its request.

A small formatter on the standard library rather than a logging package: Django, gunicorn and
django-q2 all log through the standard library already, and a formatter this small needs no
dependency.

No personal data. The app's line for each request names its route pattern
(`/request-support/<str:token>/who`), never the path, which may carry a family's secret link or a
record's id, nor the query string (a postcode searched for). Django's own lines about a request
(a 404, a 500, a refused form) have the path swapped for that pattern too (RequestPathFilter).
"""

import contextvars
import datetime as dt
import json
import logging
from typing import Any

# The id of the request being served (familyhub.middleware.RequestIdMiddleware), None outside one.
request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)

# Every LogRecord has these; any other attribute was passed in `extra` and becomes a field.
_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
}
# Django passes the request object itself in `extra`; its text would include the path.
_NEVER_LOGGED = {"request"}
# gunicorn's access log passes its "atoms" as a mapping: these become fields.
_GUNICORN_ATOMS = {"m": "method", "s": "status", "M": "duration_ms", "B": "bytes"}
_GUNICORN_REQUEST_ID = "{x-request-id}o"


def route_of(request: Any) -> str:
    """The URL pattern a request matched, which names no person or record."""
    match = getattr(request, "resolver_match", None)
    return f"/{match.route}" if match is not None else "(no matching route)"


def _request_id_of(record: logging.LogRecord) -> str | None:
    # Django logs a request's 4xx and 5xx after the middleware has returned, with the request.
    request = getattr(record, "request", None)
    return (
        getattr(record, "request_id", None)
        or getattr(request, "request_id", None)
        or request_id_var.get()
    )


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": _request_id_of(record),
        }
        if isinstance(record.args, dict):  # gunicorn.access
            for atom, field in _GUNICORN_ATOMS.items():
                line[field] = record.args.get(atom)
            line["request_id"] = record.args.get(_GUNICORN_REQUEST_ID) or line["request_id"]
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES | _NEVER_LOGGED and key not in line:
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class RequestPathFilter(logging.Filter):
    """Put the route pattern where Django's line about a request has its path.

    Django logs the path as an argument ("Not Found: %s"), escaped as log_response escapes it.
    On the loggers, not a handler, so that every handler (Sentry's too) gets the cleaned line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if path and isinstance(record.args, tuple):
            paths = {path, path.encode("unicode_escape").decode("ascii")}
            record.args = tuple(
                route_of(request) if isinstance(arg, str) and arg in paths else arg
                for arg in record.args
            )
        return True


def sign_in_attempt_label(
    username: str, ip_address: str, user_agent: str, path_info: str, request: Any
) -> str:
    """How django-axes names a sign-in attempt in its log lines: without the email address or IP
    address, which stay in its attempts table for whoever investigates."""
    return "a staff sign-in (details in the access attempts table)"


# Django's loggers that put a request's path in their message.
REQUEST_LOGGERS = ("django.request", "django.security.csrf")


def logging_config(*, level: str) -> dict[str, Any]:
    """settings.LOGGING: everything through one JSON handler on stdout."""
    path_filtered = {"filters": ["request_path"], "handlers": [], "propagate": True}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_path": {"()": RequestPathFilter}},
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
            }
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            # Django's defaults would also print plain text to stderr when DEBUG is on.
            "django": {"handlers": [], "level": level, "propagate": True},
            **dict.fromkeys(REQUEST_LOGGERS, path_filtered),
        },
    }
