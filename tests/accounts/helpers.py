"""Signing staff in for tests: a real two-step sign-in, or a verified session straight away."""

from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyhub.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's password


def totp_device(user, *, confirmed: bool = True) -> TOTPDevice:
    """The user's authenticator device, made if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=confirmed)


def current_code(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows now."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    """A code that no window the device accepts (now, or a step either side) would show."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = totp.t()
    accepted = set()
    for t in (now - 1, now, now + 1):
        totp.time = device.t0 + t * device.step
        accepted.add(totp.token())
    return next(f"{n:06d}" for n in range(1000000) if n not in accepted)


def sign_in_verified(client: Client, user) -> TOTPDevice:
    """Sign `user` in on `client` with a session already verified by an authenticator code.

    The quick way for tests of staff pages; the sign-in steps themselves are tested in
    tests/accounts. Works for a Playwright browser too, through verified_session_cookie().
    """
    device = totp_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    # Stamped as the sign-in's last step stamps them (StaffSessionLimitMiddleware), so that the
    # first page a test opens costs what any later one does.
    session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = timezone.now().timestamp()
    session.save()
    return device


def verified_session_cookie(user, url: str) -> dict:
    """A verified session for `user`, as a cookie for Playwright's context.add_cookies()."""
    client = Client()
    sign_in_verified(client, user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": url,
    }
