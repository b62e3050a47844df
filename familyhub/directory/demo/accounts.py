"""Demo staff accounts, one per role a tester needs to see the directory from.

All share one published password and one published authenticator secret for the sign-in code:
these accounts exist only in demo and development databases.
"""

from base64 import b32decode
from dataclasses import dataclass

from axes.utils import reset as axes_reset
from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyhub.accounts.models import Membership, Organisation, Role, User

DEMO_PASSWORD = "familyhub-demo-2026"  # noqa: S105 - published on purpose, demo only
# The authenticator app secret (base32, as apps take it) of every demo account, published on
# purpose so that anyone can sign in to the demo. README.md shows how to get the current code.
DEMO_TOTP_SECRET = "FAMILYHUBDEMOTOTPSECRETKEY234567"  # noqa: S105 - published, demo only
DEMO_DEVICE_NAME = "Demo authenticator"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    role: str
    organisation: str  # an organisation key from demo.organisations


# "Example" surnames so that no demo account can be mistaken for a real person.
ACCOUNTS = [
    DemoAccount(
        "directory.manager@example.org", "Sam", "Example", Role.DIRECTORY_MANAGER, "family-hubs"
    ),
    DemoAccount(
        "editor@example.org", "Alex", "Example", Role.DIRECTORY_EDITOR, "bengali-womens-network"
    ),
    DemoAccount(
        "nhs.editor@example.org", "Jo", "Example", Role.DIRECTORY_EDITOR, "health-visiting"
    ),
    DemoAccount("council.editor@example.org", "Chris", "Example", Role.DIRECTORY_EDITOR, "cfc"),
    # The front door and the family record, one account per role.
    DemoAccount("triage@example.org", "Pat", "Example", Role.TRIAGE, "early-help"),
    DemoAccount(
        "lead.professional@example.org", "Robin", "Example", Role.LEAD_PROFESSIONAL, "early-help"
    ),
    DemoAccount(
        "health.visitor@example.org", "Kim", "Example", Role.LEAD_PROFESSIONAL, "health-visiting"
    ),
    DemoAccount(
        "school.practitioner@example.org", "Lee", "Example", Role.PRACTITIONER, "marner-primary"
    ),
    DemoAccount(
        "locality.manager@example.org", "Ash", "Example", Role.LOCALITY_MANAGER, "early-help"
    ),
    DemoAccount("analyst@example.org", "Val", "Example", Role.DATA_ANALYST, "family-hubs"),
    DemoAccount("admin@example.org", "Max", "Example", Role.ADMINISTRATOR, "family-hubs"),
]


def load_accounts(orgs: dict[str, Organisation]) -> list[Membership]:
    """Create or refresh the demo accounts and their memberships; resets their passwords,
    gives each the demo authenticator device and lifts any lockout.

    The password is hashed once and the hash shared: hashing is deliberately slow (about a
    quarter of a second), and doing it per account would make up most of a demo load.
    """
    hashed = make_password(DEMO_PASSWORD)
    memberships = []
    for account in ACCOUNTS:
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
