"""Staff sessions end after 30 minutes idle and 12 hours in all, measured on the server.

Time travels by moving django.utils.timezone.now, which the server reads: no sleeping.
"""

import datetime as dt
from contextlib import contextmanager
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

STAFF_PAGE = "/staff/families/"
SIGN_IN = "/staff/sign-in"


@pytest.fixture
def clock():
    """clock.at(minutes): run requests that many minutes after the test began."""
    start = timezone.now()

    class Clock:
        @contextmanager
        def at(self, minutes: float):
            with mock.patch(
                "django.utils.timezone.now", return_value=start + dt.timedelta(minutes=minutes)
            ):
                yield

    return Clock()


@pytest.fixture
def signed_in(client: Client, staff_sign_in, clock, lead_professional) -> Client:
    with clock.at(0):
        staff_sign_in(lead_professional)
        assert client.get(STAFF_PAGE).status_code == 200
    return client


def signed_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(SIGN_IN)


def test_a_session_in_use_stays_signed_in(signed_in: Client, clock):
    for minutes in (29, 58, 87):
        with clock.at(minutes):
            assert signed_in.get(STAFF_PAGE).status_code == 200


def test_thirty_minutes_idle_signs_staff_out(signed_in: Client, clock):
    with clock.at(29):
        assert signed_in.get(STAFF_PAGE).status_code == 200
    with clock.at(29 + 30):
        assert signed_out(signed_in.get(STAFF_PAGE))
    with clock.at(29 + 31):
        # Signed out for good: the session no longer names anyone.
        assert signed_out(signed_in.get(STAFF_PAGE))
        assert "_auth_user_id" not in signed_in.session


def test_twelve_hours_after_signing_in_staff_are_signed_out_however_busy(signed_in: Client, clock):
    for minutes in range(20, 12 * 60, 20):
        with clock.at(minutes):
            assert signed_in.get(STAFF_PAGE).status_code == 200, minutes
    with clock.at(12 * 60):
        assert signed_out(signed_in.get(STAFF_PAGE))


def test_the_family_record_api_refuses_an_expired_session(signed_in: Client, clock):
    with clock.at(31):
        assert signed_in.get("/api/families/").status_code == 401


def test_signing_in_again_starts_a_new_twelve_hours(
    client: Client, staff_sign_in, clock, lead_professional
):
    with clock.at(0):
        staff_sign_in(lead_professional)
        client.get(STAFF_PAGE)
    with clock.at(12 * 60 + 1):
        assert signed_out(client.get(STAFF_PAGE))
        staff_sign_in(lead_professional)
        assert client.get(STAFF_PAGE).status_code == 200
    # Over twelve hours since the first sign-in, not since the second.
    with clock.at(12 * 60 + 30):
        assert client.get(STAFF_PAGE).status_code == 200


def test_a_familys_session_is_not_limited(client: Client, clock):
    """Families never sign in: their session (a chosen language, a form's token) is left as is."""
    with clock.at(0):
        session = client.session
        session["kept"] = "yes"
        session.save()
        client.get("/request-support/")
    with clock.at(13 * 60):
        response = client.get("/request-support/")

    assert response.status_code == 200
    assert client.session["kept"] == "yes"
    assert not any(key.startswith("staff_") for key, _ in client.session.items())
