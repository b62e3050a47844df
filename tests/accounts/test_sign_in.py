"""Staff sign-in: a password, then a code from an authenticator app; lockouts; the audit trail."""

import datetime as dt
from base64 import b32encode
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyhub.accounts.models import Role
from familyhub.accounts.views import SET_UP_KEY
from familyhub.audit.models import AuditEvent
from tests.accounts.helpers import (
    PASSWORD,
    current_code,
    sign_in_verified,
    totp_device,
    wrong_code,
)
from tests.factories import MembershipFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

STAFF_HOME = "/staff/directory/"
SIGN_IN = "/staff/sign-in"
CODE_STEP = "/staff/sign-in/code"
SET_UP = "/staff/sign-in/set-up"
LOCKED = "Your account is locked for 1 hour after 5 failed attempts. Contact your administrator."
WRONG_PASSWORD = "Enter a correct email address and password"


@pytest.fixture
def editor():
    return MembershipFactory(role=Role.DIRECTORY_EDITOR).user


def with_next(url: str, next_url: str = STAFF_HOME) -> str:
    return f"{url}?{urlencode({'next': next_url}, safe='/')}"


def password_step(client, user, password=PASSWORD, next_url=STAFF_HOME, email=None):
    return client.post(
        SIGN_IN, {"username": email or user.email, "password": password, "next": next_url}
    )


def grouped(device: TOTPDevice) -> str:
    """The device's key as the set-up page shows it for typing: base32 in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def is_verified(client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


def events(action):
    return AuditEvent.objects.filter(action=action)


# The two steps


def test_staff_sign_in_with_a_password_then_a_code(client, editor):
    device = totp_device(editor)

    response = password_step(client, editor)

    assert response.status_code == 302
    assert response["Location"] == with_next(CODE_STEP)
    # Signed in, but staff pages still want the code.
    assert client.session["_auth_user_id"] == str(editor.pk)
    assert client.get(STAFF_HOME)["Location"] == with_next(CODE_STEP)
    page = client.get(response["Location"]).content.decode()
    assert "Enter the 6-digit code from your authenticator app" in page
    assert 'autocomplete="one-time-code"' in page

    response = client.post(CODE_STEP, {"code": current_code(device), "next": STAFF_HOME})

    assert response.status_code == 302
    assert response["Location"] == STAFF_HOME
    assert is_verified(client)
    assert client.get(STAFF_HOME).status_code == 200
    event = events(AuditEvent.Action.SIGN_IN).get()
    assert (event.actor, event.record_type, event.record_id) == (
        editor,
        "accounts.user",
        str(editor.pk),
    )


def test_a_code_typed_with_a_space_is_accepted(client, editor):
    device = totp_device(editor)
    password_step(client, editor)
    code = current_code(device)

    response = client.post(CODE_STEP, {"code": f"{code[:3]} {code[3:]}"})

    assert response.status_code == 302
    assert response["Location"] == "/staff/"  # LOGIN_REDIRECT_URL without a next: their home


def test_a_wrong_code_is_refused_and_audited(client, editor):
    device = totp_device(editor)
    password_step(client, editor)

    response = client.post(CODE_STEP, {"code": wrong_code(device)})

    page = response.content.decode()
    assert response.status_code == 200
    assert "The code is not right" in page
    assert "govuk-error-summary" in page
    assert "<title>Error:" in page
    assert not is_verified(client)
    assert client.get(STAFF_HOME).status_code == 302
    failure = events(AuditEvent.Action.SIGN_IN_FAILED).get()
    assert failure.record_id == str(editor.pk)
    assert failure.details == {"step": "code"}
    assert not events(AuditEvent.Action.SIGN_IN).exists()


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef"])
def test_a_code_that_is_not_6_digits_is_refused(client, editor, code):
    totp_device(editor)
    password_step(client, editor)

    response = client.post(CODE_STEP, {"code": code})

    assert response.status_code == 200
    assert "govuk-error-message" in response.content.decode()
    assert not is_verified(client)


def test_a_code_cannot_be_used_twice(client, editor):
    device = totp_device(editor)
    password_step(client, editor)
    code = current_code(device)
    client.post(CODE_STEP, {"code": code})
    client.logout()
    password_step(client, editor)

    response = client.post(CODE_STEP, {"code": code})

    assert response.status_code == 200
    assert not is_verified(client)


def test_django_otp_throttling_makes_the_user_wait_after_a_wrong_code(client, editor):
    device = totp_device(editor)
    password_step(client, editor)
    client.post(CODE_STEP, {"code": wrong_code(device)})

    too_soon = client.post(CODE_STEP, {"code": current_code(device)})

    assert "Wait 1 second before you try another code" in too_soon.content.decode()
    assert not is_verified(client)
    # Once the wait is over the right code works.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    )
    assert client.post(CODE_STEP, {"code": current_code(device)}).status_code == 302
    assert is_verified(client)
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_five_wrong_codes_sign_the_user_out(client, editor, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no waiting between codes, to keep the test quick
    device = totp_device(editor)
    password_step(client, editor)

    for _ in range(4):
        assert client.post(CODE_STEP, {"code": wrong_code(device)}).status_code == 200
    response = client.post(CODE_STEP, {"code": wrong_code(device), "next": STAFF_HOME})

    assert response.status_code == 302
    assert response["Location"] == with_next(SIGN_IN)
    assert "_auth_user_id" not in client.session
    assert "You entered a wrong code 5 times. Sign in again." in client.get(
        response["Location"]
    ).content.decode("utf-8")
    assert events(AuditEvent.Action.SIGN_IN_FAILED).count() == 5
    assert events(AuditEvent.Action.SIGN_IN_FAILED).filter(details__signed_out=True).count() == 1
    # Signing in again does not buy five more guesses: only a right code clears the count.
    password_step(client, editor)
    assert client.post(CODE_STEP, {"code": wrong_code(device)}).status_code == 302
    password_step(client, editor)
    assert client.post(CODE_STEP, {"code": current_code(device)}).status_code == 302
    assert is_verified(client)


def test_a_signed_out_visitor_cannot_use_the_code_step(client, editor):
    totp_device(editor)

    response = client.get(CODE_STEP)

    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


def test_next_must_be_on_this_site(client, editor):
    device = totp_device(editor)

    response = password_step(client, editor, next_url="https://evil.example/")

    assert response["Location"] == CODE_STEP
    response = client.post(CODE_STEP, {"code": current_code(device), "next": "//evil.example/"})
    assert response["Location"] == "/staff/"


# Setting up an authenticator app


def test_a_user_without_an_app_sets_one_up_with_a_qr_code(client, editor):
    response = password_step(client, editor)

    assert response["Location"] == with_next(SET_UP)
    page = client.get(response["Location"]).content.decode()
    # Showing the key writes nothing: the app is saved with the first code sent for it.
    assert not TOTPDevice.objects.filter(user=editor).exists()
    shown = TOTPDevice(user=editor, key=client.session[SET_UP_KEY])
    assert '<svg role="img"' in page
    assert "<title>QR code to scan with your authenticator app</title>" in page
    assert grouped(shown) in page
    assert "Family Hub (Tower Hamlets Council)" in settings.OTP_TOTP_ISSUER
    assert f"{settings.OTP_TOTP_ISSUER}: {editor.email}" in page
    # Reloading the page shows the same key: the app already scanned still works.
    assert grouped(shown) in client.get(SET_UP).content.decode()
    # Still not verified until a code confirms the app.
    assert client.get(STAFF_HOME)["Location"] == with_next(SET_UP)

    wrong = client.post(SET_UP, {"code": wrong_code(shown)})
    assert "The code is not right" in wrong.content.decode()
    device = TOTPDevice.objects.get(user=editor)
    assert not device.confirmed and device.key == shown.key
    assert device.throttling_failure_count == 1  # counted against the app being set up
    assert f"issuer={quote(settings.OTP_TOTP_ISSUER)}" in device.config_url
    assert grouped(device) in client.get(SET_UP).content.decode()  # still the same key
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    response = client.post(SET_UP, {"code": current_code(device), "next": STAFF_HOME})

    assert response["Location"] == STAFF_HOME
    device.refresh_from_db()
    assert device.confirmed
    assert is_verified(client)
    assert client.get(STAFF_HOME).status_code == 200
    event = events(AuditEvent.Action.SIGN_IN).get()
    assert event.details == {"method": "totp", "set_up_authenticator": True}


def test_a_user_with_an_app_cannot_set_up_another(client, editor):
    totp_device(editor)
    password_step(client, editor)

    response = client.get(SET_UP)

    assert response["Location"] == CODE_STEP
    assert TOTPDevice.objects.filter(user=editor).count() == 1


# Lockout after failed passwords (django-axes)


def test_five_wrong_passwords_lock_the_account_for_an_hour(client, editor):
    totp_device(editor)
    for _ in range(4):
        response = password_step(client, editor, password="wrong password")
        assert response.status_code == 200
        assert WRONG_PASSWORD in response.content.decode()

    fifth = password_step(client, editor, password="wrong password")

    assert fifth.status_code == 429
    assert LOCKED in fifth.content.decode()
    # Locked: even the right password is refused.
    sixth = password_step(client, editor)
    assert sixth.status_code == 429
    assert LOCKED in sixth.content.decode()
    assert "_auth_user_id" not in client.session
    failures = events(AuditEvent.Action.SIGN_IN_FAILED)
    assert failures.count() == 6
    assert {event.record_id for event in failures} == {str(editor.pk)}
    assert failures.filter(details__locked_out=True).count() == 2
    assert all(event.actor is None for event in failures)
    # No trace of the password typed, in the audit trail or axes' records.
    assert "wrong password" not in str(list(failures.values()))
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get()
    assert attempt.username == editor.email
    assert "wrong password" not in attempt.post_data


def test_the_lock_lifts_after_an_hour(client, editor):
    from axes.models import AccessAttempt

    totp_device(editor)
    for _ in range(5):
        password_step(client, editor, password="wrong password")
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1, minutes=1)
    )

    response = password_step(client, editor)

    assert response.status_code == 302
    assert response["Location"] == with_next(CODE_STEP)


def test_failures_count_against_the_email_whatever_its_case(client, editor):
    for email in [editor.email.upper(), editor.email.title(), editor.email, " " + editor.email]:
        password_step(client, editor, password="wrong password", email=email)

    fifth = password_step(client, editor, password="wrong password", email=editor.email.upper())

    assert fifth.status_code == 429


def test_an_unknown_email_looks_the_same_and_leaves_no_audit_event(client, editor):
    known = password_step(client, editor, password="wrong password").content.decode()
    unknown = client.post(
        SIGN_IN, {"username": "nobody@example.org", "password": "wrong password"}
    ).content.decode()

    assert WRONG_PASSWORD in known and WRONG_PASSWORD in unknown
    for _ in range(3):
        client.post(SIGN_IN, {"username": "nobody@example.org", "password": "x"})
    locked = client.post(SIGN_IN, {"username": "nobody@example.org", "password": "x"})
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    assert events(AuditEvent.Action.SIGN_IN_FAILED).count() == 1  # the known account's


def test_a_lockout_of_one_email_does_not_lock_another(client, editor):
    other = UserFactory()
    totp_device(other)
    for _ in range(5):
        password_step(client, editor, password="wrong password")

    assert password_step(client, other).status_code == 302


def test_a_right_password_clears_earlier_failures(client, editor):
    totp_device(editor)
    for _ in range(4):
        password_step(client, editor, password="wrong password")
    password_step(client, editor)
    client.logout()

    for _ in range(4):
        assert password_step(client, editor, password="wrong password").status_code == 200


# Staff pages need a verified session; public pages do not care


def test_a_signed_out_visitor_is_sent_to_sign_in_keeping_next(client, editor):
    organisation = editor.memberships.get().organisation
    page = f"/staff/directory/organisations/{organisation.pk}/services/new"

    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"] == with_next(SIGN_IN, page)


def test_a_password_only_session_cannot_reach_staff_pages(client, editor):
    totp_device(editor)
    client.force_login(editor)

    response = client.get(STAFF_HOME)
    assert response["Location"] == with_next(CODE_STEP)
    service = ServiceFactory(organisation=editor.memberships.get().organisation)
    response = client.post(f"/staff/directory/services/{service.pk}/checked")
    assert response.status_code == 302
    assert response["Location"].startswith(CODE_STEP)


def test_a_verified_session_for_someone_else_does_not_count(client, editor):
    other = UserFactory()
    other_device = totp_device(other)
    totp_device(editor)
    client.force_login(editor)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = other_device.persistent_id
    session.save()

    assert client.get(STAFF_HOME).status_code == 302


def test_the_sign_in_pages_and_sign_out_stay_open(client, editor):
    totp_device(editor)
    assert client.get(SIGN_IN).status_code == 200
    client.force_login(editor)
    assert client.get(CODE_STEP).status_code == 200

    response = client.post("/staff/sign-out")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", ["/", "/find", "/outreach-bus", "/privacy"])
def test_public_pages_are_unaffected(client, editor, postcodes, path):
    assert client.get(path).status_code == 200
    client.force_login(editor)  # signed in with a password only
    assert client.get(path).status_code == 200


def test_the_helper_gives_a_verified_session(client, editor, staff_sign_in):
    staff_sign_in(editor)

    assert client.get(STAFF_HOME).status_code == 200


def test_the_helper_works_on_any_client(editor):
    from django.test import Client

    client = Client()
    sign_in_verified(client, editor)

    assert client.get(STAFF_HOME).status_code == 200
