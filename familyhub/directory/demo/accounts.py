"""Demo staff accounts, one per role a tester needs to see the directory from.

All share one published password: these accounts exist only in demo and development databases.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from familyhub.accounts.models import Membership, Role, User
from familyhub.directory.models import Organisation

DEMO_PASSWORD = "familyhub-demo-2026"  # noqa: S105 - published on purpose, demo only


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
]


def load_accounts(orgs: dict[str, Organisation]) -> list[Membership]:
    """Create or refresh the demo accounts and their memberships; resets their passwords.

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
        membership, _ = Membership.objects.get_or_create(
            user=user, organisation=orgs[account.organisation], role=account.role
        )
        memberships.append(membership)
    return memberships
