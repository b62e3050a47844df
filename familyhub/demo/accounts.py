"""Demo staff accounts (data/accounts.csv), one per role a tester needs to see the system from.

All share one published password and one published authenticator secret for the sign-in code.
They exist only in databases the demo loader made: nothing outside familyhub/demo knows either
secret (tests/demo/test_demo_apart.py checks), and production does not install this app.
"""

from base64 import b32decode
from dataclasses import dataclass
from functools import cache

from axes.utils import reset as axes_reset
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyhub.accounts.models import Membership, Organisation, Role, User
from familyhub.demo.datafiles import choice, read_csv

DEMO_PASSWORD = "familyhub-demo-2026"  # noqa: S105 - published on purpose, demo only
# The authenticator app secret (base32, as apps take it) of every demo account, published on
# purpose so that anyone can sign in to the demo. README.md shows how to get the current code.
DEMO_TOTP_SECRET = "FAMILYHUBDEMOTOTPSECRETKEY234567"  # noqa: S105 - published, demo only
DEMO_DEVICE_NAME = "Demo authenticator"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str  # "Example", so that no demo account can be mistaken for a real person
    role: str
    organisation: str  # an organisation key from organisations.csv


@cache
def demo_accounts() -> tuple[DemoAccount, ...]:
    return tuple(
        DemoAccount(
            email=row["email"],
            first_name=row["first_name"],
            last_name=row["last_name"],
            role=choice(Role, row["role"], f"account {row['email']}"),
            organisation=row["organisation"],
        )
        for row in read_csv("accounts.csv")
    )


def load_accounts(orgs: dict[str, Organisation]) -> list[Membership]:
    """Create or refresh the demo accounts and their memberships; resets their passwords,
    gives each the demo authenticator device and lifts any lockout.

    The password is hashed once and the hash shared: hashing is deliberately slow (about a
    quarter of a second), and doing it per account would make up most of a demo load.
    """
    hashed = make_password(DEMO_PASSWORD)
    memberships = []
    for account in demo_accounts():
        user = User.objects.filter(email=account.email).first()
        if user is None:
            # No password yet (unusable); the shared hash is set just below.
            user = User.objects.create_user(email=account.email, password=None)
        user.first_name, user.last_name = account.first_name, account.last_name
        user.is_active = True
        # Reset even if unchanged: someone may have changed it while trying the demo.
        user.password = hashed
        user.save()
        demo_device_set(user)
        axes_reset(username=account.email)
        membership, _ = Membership.objects.get_or_create(
            user=user, organisation=orgs[account.organisation], role=account.role
        )
        memberships.append(membership)
    return memberships


def demo_device_set(user: User) -> TOTPDevice:
    """The one confirmed authenticator device with the published secret, unthrottled."""
    key = b32decode(DEMO_TOTP_SECRET).hex()
    device, _ = TOTPDevice.objects.update_or_create(
        user=user,
        name=DEMO_DEVICE_NAME,
        defaults={
            "key": key,
            "confirmed": True,
            "throttling_failure_count": 0,
            "throttling_failure_timestamp": None,
        },
    )
    # Someone trying the demo may have set up an app of their own: the published one is the way in.
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return device
