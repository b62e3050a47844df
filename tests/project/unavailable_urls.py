"""The site's URLs, plus pages whose database fails in the ways a PostgreSQL restart (or a
deadlock) makes it fail, for the 503 tests: Django's error wrapping the driver's, as
django.db.utils.DatabaseErrorWrapper raises it."""

import sqlite3

import psycopg
from django.db import InterfaceError, OperationalError
from django.db.utils import ConnectionHandler
from django.http import HttpRequest
from django.urls import path

from familyhub.urls import handler400, handler403, handler404, handler500  # noqa: F401
from familyhub.urls import urlpatterns as site_urlpatterns


def refused(request: HttpRequest):
    error = psycopg.OperationalError("connection failed: Connection refused")
    raise OperationalError(*error.args) from error


def really_refused(request: HttpRequest):
    """A real connection to a PostgreSQL port nobody listens on: the error exactly as Django
    raises it when the server is down."""
    nowhere = {"ENGINE": "django.db.backends.postgresql", "NAME": "none", "USER": "none"}
    nowhere |= {"HOST": "127.0.0.1", "PORT": "1", "OPTIONS": {"connect_timeout": 2}}
    ConnectionHandler({"default": nowhere})["default"].ensure_connection()


def shutting_down(request: HttpRequest):
    error = psycopg.errors.AdminShutdown("terminating connection due to administrator command")
    raise OperationalError(*error.args) from error


def starting_up(request: HttpRequest):
    error = psycopg.errors.CannotConnectNow("the database system is starting up")
    raise OperationalError(*error.args) from error


def connection_gone(request: HttpRequest):
    error = psycopg.InterfaceError("the connection is closed")
    raise InterfaceError(*error.args) from error


def sqlite_file_gone(request: HttpRequest):
    error = sqlite3.OperationalError("unable to open database file")
    error.sqlite_errorcode = sqlite3.SQLITE_CANTOPEN
    raise OperationalError(*error.args) from error


def deadlock(request: HttpRequest):
    error = psycopg.errors.DeadlockDetected("deadlock detected")
    raise OperationalError(*error.args) from error


def sqlite_locked(request: HttpRequest):
    error = sqlite3.OperationalError("database is locked")
    error.sqlite_errorcode = sqlite3.SQLITE_BUSY
    raise OperationalError(*error.args) from error


def breaks(request: HttpRequest):
    raise RuntimeError("something went wrong inside a view")


UNREACHABLE = {
    "refused": refused,
    "really-refused": really_refused,
    "shutting-down": shutting_down,
    "starting-up": starting_up,
    "connection-gone": connection_gone,
    "sqlite-file-gone": sqlite_file_gone,
}
STILL_500 = {"deadlock": deadlock, "sqlite-locked": sqlite_locked, "breaks": breaks}

urlpatterns = [
    *(path(f"failing/{name}", view) for name, view in {**UNREACHABLE, **STILL_500}.items()),
    *(path(f"api/failing/{name}", view) for name, view in {**UNREACHABLE, **STILL_500}.items()),
    *site_urlpatterns,
]
