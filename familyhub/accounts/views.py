"""Staff sign-in in two steps: email and password, then a code from an authenticator app.

1. SignInView checks the password (django-axes locks an email after repeated failures) and signs
   the user in, unverified. Staff pages refuse an unverified session (middleware.py).
   Sign-in attempts are also rate limited per client address (settings.RATE_LIMIT_SIGN_IN).
2. sign_in_code asks for the 6-digit code from the user's app; set_up shows a user without an
   app a QR code to scan and confirms it with their first code. A right code marks the session
   verified with django_otp.login. Too many wrong codes sign the session out.

A new directory editor first sets a password from an emailed one-time link (SetPasswordView),
which signs them in, unverified, and sends them to set up an app.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.views import (
    INTERNAL_RESET_SESSION_TOKEN,
    LoginView,
    PasswordResetConfirmView,
    redirect_to_login,
)
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from django_ratelimit.decorators import ratelimit

from familyhub.accounts import services
from familyhub.accounts.forms import CodeForm, NewPasswordForm, SignInForm
from familyhub.accounts.selectors import user_by_email
from familyhub.accounts.services import CodeResult

# The key of the authenticator app being set up, until its first code saves it with the user.
SET_UP_KEY = "staff_set_up_key"


def _sign_in_rate(group: str, request: HttpRequest) -> str:
    return settings.RATE_LIMIT_SIGN_IN


@method_decorator(ratelimit(key="ip", rate=_sign_in_rate, method="POST"), name="post")
class SignInView(LoginView):
    """Step 1: email and password. Success leads to the code step, keeping `next`."""

    form_class = SignInForm
    template_name = "accounts/sign_in.html"

    def form_valid(self, form):
        user = form.get_user()
        # Signed in but not verified: every staff page sends this session to the code step.
        auth_login(self.request, user)
        return HttpResponseRedirect(services.next_step_url(user, self.get_redirect_url()))

    def form_invalid(self, form):
        # What the fields accepted: an overlong email is a form error, never a database query.
        email = (form.cleaned_data.get("username") or "").strip()
        if email and form.cleaned_data.get("password"):
            # Audited against the account if there is one; the page says the same either way.
            user = user_by_email(email)
            if user is not None:
                details = {"locked_out": True} if self._locked_out() else {}
                services.audit_sign_in_failed(self.request, user, step="password", **details)
        return super().form_invalid(form)

    def _locked_out(self) -> bool:
        # django-axes marks the request when this attempt is refused or reaches the limit.
        return bool(getattr(self.request, "axes_locked_out", False))


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout page (AXES_LOCKOUT_CALLABLE): the same for any email address."""
    cooloff = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "accounts/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "hours": max(1, round(cooloff.total_seconds() / 3600)),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def _next_url(request: HttpRequest) -> str:
    """The page to go to after signing in, if it is a safe one on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _after_sign_in(next_url: str) -> HttpResponse:
    return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


def _code_step_refusal(request: HttpRequest, next_url: str) -> HttpResponse | None:
    """Who may not be on a code step: the signed-out, and those already verified."""
    if not request.user.is_authenticated:
        return redirect_to_login(next_url, resolve_url("accounts:sign-in"))
    if request.user.is_verified():
        return _after_sign_in(next_url)
    return None


def _check_code(
    request: HttpRequest, form: CodeForm, device: TOTPDevice, next_url: str, *, setting_up: bool
) -> HttpResponse | None:
    """A response if the code decides where the user goes next; None to show the form again."""
    user = request.user
    check = services.code_check(device, form.cleaned_data["code"])
    if check.result is CodeResult.RIGHT:
        if setting_up:
            services.device_confirm(device)
            request.session.pop(SET_UP_KEY, None)
        # A new session key for the new privilege, then the session is marked verified.
        request.session.cycle_key()
        otp_login(request, device)
        services.audit_sign_in(request, user, enrolled=setting_up)
        return _after_sign_in(next_url)
    if check.result is CodeResult.TOO_SOON:
        form.add_error(
            "code",
            ngettext(
                "Wait %(seconds)d second before you try another code",
                "Wait %(seconds)d seconds before you try another code",
                check.wait_seconds,
            )
            % {"seconds": check.wait_seconds},
        )
        return None
    step = "set_up" if setting_up else "code"
    if check.result is CodeResult.TOO_MANY:
        services.audit_sign_in_failed(request, user, step=step, signed_out=True)
        auth_logout(request)
        messages.error(
            request,
            _("You entered a wrong code %(count)d times. Sign in again.")
            % {"count": services.MAX_CODE_FAILURES},
        )
        return redirect_to_login(next_url, resolve_url("accounts:sign-in"))
    services.audit_sign_in_failed(request, user, step=step)
    form.add_error("code", _("The code is not right. Check your authenticator app and try again"))
    return None


@never_cache
@csrf_protect
@sensitive_post_parameters("code")
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """Step 2 for a user with an authenticator app: the 6-digit code."""
    next_url = _next_url(request)
    if refusal := _code_step_refusal(request, next_url):
        return refusal
    device = services.confirmed_device(request.user)
    if device is None:
        return redirect(services.next_step_url(request.user, next_url))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if (
        form.is_bound
        and form.is_valid()
        and (response := _check_code(request, form, device, next_url, setting_up=False))
    ):
        return response
    return render(request, "accounts/sign_in_code.html", {"form": form, "next": next_url})


@never_cache
@csrf_protect
@sensitive_post_parameters("code")
def set_up(request: HttpRequest) -> HttpResponse:
    """Step 2 for a user without an app: scan a QR code, then confirm it with a code."""
    next_url = _next_url(request)
    if refusal := _code_step_refusal(request, next_url):
        return refusal
    if services.confirmed_device(request.user) is not None:
        # Already set up: another app can only be added by an administrator.
        return redirect(services.next_step_url(request.user, next_url))
    key = request.session.setdefault(SET_UP_KEY, random_hex(20))
    device = services.enrolment_device(request.user, key=key)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        device = services.enrolment_device_keep(device)
        if response := _check_code(request, form, device, next_url, setting_up=True):
            return response
    qr_code = services.qr_code_svg(device, title=_("QR code to scan with your authenticator app"))
    return render(
        request,
        "accounts/set_up.html",
        {
            "form": form,
            "next": next_url,
            # segno's own SVG, its only text (the title) escaped by segno.
            "qr_code": mark_safe(qr_code.replace("<svg ", '<svg role="img" ', 1)),  # noqa: S308
            "secret": services.secret_for_typing(device),
            "account_name": request.user.get_username(),
            "issuer": settings.OTP_TOTP_ISSUER,
        },
    )


class SetPasswordView(PasswordResetConfirmView):
    """A new editor's first password, from the one-time link in their approval email.

    Django's view keeps the link's token out of the address bar (and so out of Referer headers)
    by moving it into the session. Setting the password signs the user in, unverified: the next
    step is setting up an authenticator app. A used or expired link says so and asks for nothing.
    """

    form_class = NewPasswordForm
    template_name = "accounts/set_password.html"

    def form_valid(self, form):
        user = form.user
        services.password_set(user=user, password=form.cleaned_data["new_password1"])
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        # The backend that loads users (the last: axes' only refuses locked-out sign-ins).
        auth_login(self.request, user, backend=settings.AUTHENTICATION_BACKENDS[-1])
        return redirect(services.next_step_url(user))
