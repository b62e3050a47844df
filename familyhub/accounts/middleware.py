"""Every staff page needs a session verified with an authenticator code.

The directory's staff views only ask for a signed-in user (@login_required); this middleware adds
the second factor for the whole /staff/ area, including apps mounted there later. Only the
sign-in steps themselves and signing out are open.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.shortcuts import redirect, resolve_url

from familyhub.accounts.services import next_step_url

STAFF_PATH_PREFIX = "/staff/"
OPEN_VIEWS = frozenset(
    {"accounts:sign-in", "accounts:sign-in-code", "accounts:set-up", "accounts:sign-out"}
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
