"""Staff sign-in: checking authenticator codes, setting up an app, and the sign-in audit trail.

A new directory editor (from an approved organisation application) starts without a usable
password: `directory_editor_add` makes the account and `set_password_path` the one-time link
they set their first password with, after which they set up an app as any user does.

Signing in has two steps. The password step (Django's AuthenticationForm, guarded by
django-axes) signs the user in but leaves the session unverified; the code step checks a 6-digit
TOTP code against the user's confirmed device and marks the session verified (django-otp). A user
with no confirmed device sets one up instead, confirming it with their first code.
"""

import enum
import math
from base64 import b32encode
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyhub.accounts.models import Membership, Organisation, Role, User
from familyhub.accounts.selectors import user_by_email
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record

# Wrong codes before the session is signed out and the password asked for again. The count is
# django-otp's own throttling counter on the device, so signing in again does not reset it: only
# a right code does. Between wrong codes django-otp also makes the user wait 1, 2, 4, 8… seconds.
MAX_CODE_FAILURES = 5
DEVICE_NAME = "Authenticator app"


def lockout_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The email address django-axes counts failures against (AXES_USERNAME_CALLABLE).

    Compared case-insensitively, so "Sam@Example.org" and "sam@example.org" share one count.
    """
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username")
    value = (value or "").strip().lower()
    return value or None


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def next_step_url(user: User, next_url: str = "") -> str:
    """Where a signed-in but unverified user goes: the code step, or setting up an app."""
    url = reverse("accounts:sign-in-code" if confirmed_device(user) else "accounts:set-up")
    return f"{url}?{urlencode({'next': next_url}, safe='/')}" if next_url else url


def enrolment_device(user: User, *, key: str) -> TOTPDevice:
    """The device a user is setting up: the one they began to set up before, or else a new one
    with `key` (kept in their session, so reloading the page shows the same key), not saved
    until they send a code for it. Showing the page only reads."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice(user=user, name=DEVICE_NAME, key=key, confirmed=False)


def enrolment_device_keep(device: TOTPDevice) -> TOTPDevice:
    """Save the device being set up before its first code is checked: wrong codes are counted
    against it (django-otp's throttling), as against any other device."""
    if device.pk is None:
        device.save()
    return device


class CodeResult(enum.Enum):
    RIGHT = "right"
    WRONG = "wrong"
    # django-otp's throttle: too soon after a wrong code to try another.
    TOO_SOON = "too_soon"
    # The last wrong code allowed: the session must be signed out.
    TOO_MANY = "too_many"


@dataclass(frozen=True)
class CodeCheck:
    result: CodeResult
    wait_seconds: int = 0


def code_check(device: TOTPDevice, code: str) -> CodeCheck:
    """Check a code against a device, under a row lock so that throttling holds under races."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, data = device.verify_is_allowed()
        if not allowed:
            locked_until = (data or {}).get("locked_until")
            wait = (locked_until - timezone.now()).total_seconds() if locked_until else 1
            return CodeCheck(CodeResult.TOO_SOON, wait_seconds=max(1, math.ceil(wait)))
        if device.verify_token(code):
            return CodeCheck(CodeResult.RIGHT)
    if device.throttling_failure_count >= MAX_CODE_FAILURES:
        return CodeCheck(CodeResult.TOO_MANY)
    return CodeCheck(CodeResult.WRONG)


def device_confirm(device: TOTPDevice) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])


def secret_for_typing(device: TOTPDevice) -> str:
    """The device's key in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice, *, title: str) -> str:
    """The otpauth:// URL as an inline SVG QR code (no namespace or XML declaration).

    The URL names the issuer (OTP_TOTP_ISSUER, e.g. "Family Hub (Tower Hamlets Council)") and the
    user's email, which is how the account shows in their app.
    """
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5,
        dark="#0b0c0c",
        light="#ffffff",
        svgclass="familyhub-qr-code",
        title=title,
        omitsize=False,
    )


def audit_sign_in(request: HttpRequest, user: User, *, enrolled: bool) -> None:
    details: dict[str, object] = {"method": "totp"}
    if enrolled:
        details["set_up_authenticator"] = True
    audit_record(actor=user, action=AuditEvent.Action.SIGN_IN, record=user, details=details)


def audit_sign_in_failed(request: HttpRequest, user: User, *, step: str, **details: Any) -> None:
    """A failed attempt against a known account. Never the password or code that was typed."""
    actor = request.user if request.user.is_authenticated else None
    audit_record(
        actor=actor,
        action=AuditEvent.Action.SIGN_IN_FAILED,
        record=user,
        details={"step": step, **details},
    )


def directory_editor_add(
    *, email: str, full_name: str, organisation: Organisation, by: User
) -> tuple[User, bool]:
    """Make the contact of an approved organisation its directory editor.

    An address with no account gets a new one without a usable password: its owner sets one
    from the emailed link (set_password_path). An address that has an account keeps it and its
    password, and gains the role. Returns the user and whether the account is new.
    """
    with transaction.atomic():
        user = user_by_email(email)
        created = user is None
        if user is None:
            first, _, last = full_name.strip().partition(" ")
            user = User.objects.create_user(
                email=email, password=None, first_name=first, last_name=last
            )
        Membership.objects.get_or_create(
            user=user, organisation=organisation, role=Role.DIRECTORY_EDITOR
        )
        audit_record(
            actor=by,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.CHANGE,
            record=user,
            reason="Organisation application approved",
            details={
                "role": Role.DIRECTORY_EDITOR.value,
                "organisation": str(organisation.pk),
                "new_account": created,
            },
        )
    return user, created


def set_password_path(user: User) -> str:
    """The path of the user's one-time link to set a password.

    Django's password reset token: it is made from the password hash and the last sign-in, so
    it stops working once a password is set, and after PASSWORD_RESET_TIMEOUT in any case.
    """
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:set-password", kwargs={"uidb64": uid, "token": token})


def set_password_link_days() -> int:
    """How many days a set-password link works, as its email says."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60))


def password_set(*, user: User, password: str) -> None:
    """The user sets their password from their one-time link. Never the password in the trail."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(
            actor=user,
            action=AuditEvent.Action.CHANGE,
            record=user,
            details={"password": "set from an emailed link"},
        )
