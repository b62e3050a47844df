"""The demo accounts sign in with the published password and authenticator secret."""

from base64 import b32decode

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyhub.accounts.models import User
from familyhub.demo.accounts import DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_accounts

ACCOUNTS = demo_accounts()


def demo_code() -> str:
    """What README.md tells a newcomer to run."""
    return f"{totp(b32decode(DEMO_TOTP_SECRET)):06d}"


def test_a_demo_account_signs_in_with_the_published_secret(client, demo_borough):
    email = "directory.manager@example.org"

    client.post("/staff/sign-in", {"username": email, "password": DEMO_PASSWORD})
    response = client.post("/staff/sign-in/code", {"code": demo_code()})

    assert response.status_code == 302
    assert client.get("/staff/directory/").status_code == 200


def test_reloading_the_demo_resets_devices_and_lockouts(client, demo_borough):
    manager = User.objects.get(email="directory.manager@example.org")
    TOTPDevice.objects.create(user=manager, name="Someone's own app", confirmed=True)
    TOTPDevice.objects.filter(user=manager).update(throttling_failure_count=5)
    for _ in range(5):
        client.post("/staff/sign-in", {"username": manager.email, "password": "wrong"})
    assert AccessAttempt.objects.filter(username=manager.email).exists()

    call_command("load_demo_borough", verbosity=0)

    assert TOTPDevice.objects.filter(user__email__in=[a.email for a in ACCOUNTS]).count() == len(
        ACCOUNTS
    )
    device = TOTPDevice.objects.get(user=manager)
    assert device.confirmed and device.throttling_failure_count == 0
    assert device.bin_key == b32decode(DEMO_TOTP_SECRET)
    assert not AccessAttempt.objects.filter(username=manager.email).exists()
    response = client.post("/staff/sign-in", {"username": manager.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("account", ACCOUNTS, ids=lambda account: account.email)
def test_every_demo_account_has_one_confirmed_device(demo_borough, account):
    device = TOTPDevice.objects.get(user__email=account.email)
    assert device.confirmed
