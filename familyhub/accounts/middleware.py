"""Staff sessions: verified with an authenticator code, and limited in time.

The directory's staff views only ask for a signed-in user (@login_required); this middleware adds
the second factor for the whole /staff/ area, including apps mounted there later. Only the
sign-in steps themselves and signing out are open.

A signed-in session ends after STAFF_SESSION_IDLE_LIMIT without a request and
STAFF_SESSION_ABSOLUTE_LIMIT after signing in, measured here on the server from times kept in
the session, so neither a cookie's lifetime nor a browser left open can extend it.
"""

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils import timezone

from familyhub.accounts.selectors import memberships_keep_for_request
from familyhub.accounts.services import next_step_url

STAFF_PATH_PREFIX = "/staff/"
OPEN_VIEWS = frozenset(
    {
        "accounts:sign-in",
        "accounts:sign-in-code",
        "accounts:set-up",
        "accounts:sign-out",
        "accounts:set-password",
    }
)


class StaffVerificationMiddleware:
    """Send anyone not fully signed in from a staff page to the sign-in step they need.

    Must come after django_otp's OTPMiddleware, which gives request.user is_verified().
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(STAFF_PATH_PREFIX):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), resolve_url("accounts:sign-in"))
        if user.is_verified():
            return None
        return redirect(next_step_url(user, request.get_full_path()))


SIGNED_IN_AT = "staff_signed_in_at"
LAST_SEEN_AT = "staff_last_seen_at"
# How stale the last-seen time may be. Stamping it on every request would write the session
# on every page view; a minute later at most, an idle session ends at most a minute early,
# never late.
LAST_SEEN_RESOLUTION = dt.timedelta(minutes=1)


def staff_session_expired(
    *, signed_in_at: dt.datetime, last_seen_at: dt.datetime, now: dt.datetime
) -> bool:
    """Whether a signed-in session has been idle too long, or has lasted too long in all."""
    return (
        now - last_seen_at >= settings.STAFF_SESSION_IDLE_LIMIT
        or now - signed_in_at >= settings.STAFF_SESSION_ABSOLUTE_LIMIT
    )


def _stamp(session: SessionBase, key: str, at: dt.datetime) -> None:
    session[key] = at.timestamp()


def _stamped(session: SessionBase, key: str, default: dt.datetime) -> dt.datetime:
    value = session.get(key)
    return default if value is None else dt.datetime.fromtimestamp(value, tz=dt.UTC)


class StaffSessionLimitMiddleware:
    """Sign out a session idle or open too long; note when a signed-in session was last used
    (to the minute: LAST_SEEN_RESOLUTION).

    Must come after AuthenticationMiddleware. Sessions nobody signed in to (a family's) are
    left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = timezone.now()
        if request.user.is_authenticated:
            session = request.session
            last_seen_at = _stamped(session, LAST_SEEN_AT, now)
            expired = staff_session_expired(
                signed_in_at=_stamped(session, SIGNED_IN_AT, now),
                last_seen_at=last_seen_at,
                now=now,
            )
            if expired:
                logout(request)
            elif LAST_SEEN_AT not in session or now - last_seen_at >= LAST_SEEN_RESOLUTION:
                _stamp(session, LAST_SEEN_AT, now)
        response = self.get_response(request)
        # Signed in by this request: the absolute limit runs from now.
        if request.user.is_authenticated and SIGNED_IN_AT not in request.session:
            _stamp(request.session, SIGNED_IN_AT, now)
            _stamp(request.session, LAST_SEEN_AT, now)
        return response


class RequestMembershipsMiddleware:
    """Read a signed-in user's memberships at most once per request (accounts.selectors.
    memberships_of): the access rules and the navigation of one page all ask about them.

    Must come after OTPMiddleware, which may wrap request.user again.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        memberships_keep_for_request(request.user)
        return self.get_response(request)
