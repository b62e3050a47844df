"""Who may run the staff account lifecycle, and over whom.

A council's administrators manage the staff of their own council: everyone with a membership
in an organisation of a council where the administrator holds the ADMINISTRATOR role. Nobody
else's account is theirs to see: a member of staff of another council is a 404, not a 403, so
the pages never confirm that an account exists elsewhere.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from familyhub.accounts.models import Membership, Role, User

# Administrators run the service for their council; staff accounts are part of running it.
# Locality managers and the data protection officer oversee casework and data, not accounts.
STAFF_ADMIN_ROLES = (Role.ADMINISTRATOR,)


def may_manage_staff(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and user.memberships.filter(role__in=STAFF_ADMIN_ROLES).exists()


def councils_administered_by(admin: User) -> list[str]:
    """The ONS codes of the councils where `admin` is an administrator."""
    return list(
        Membership.objects.filter(user=admin, role__in=STAFF_ADMIN_ROLES)
        .values_list("organisation__local_authority", flat=True)
        .distinct()
    )


def staff_manageable_by(admin: User) -> QuerySet[User]:
    """Every account with a membership in an organisation of one of the admin's councils."""
    in_council = Membership.objects.filter(
        organisation__local_authority__in=councils_administered_by(admin)
    ).values("user")
    return User.objects.filter(pk__in=in_council)


def works_only_in_councils_of(admin: User, user: User) -> bool:
    """Whether every membership `user` holds is in one of the admin's councils.

    Deactivating an account, resetting its authenticator or lifting its lockout changes it for
    every council it works in: an administrator may do that only to an account wholly theirs.
    """
    councils = councils_administered_by(admin)
    return not user.memberships.exclude(organisation__local_authority__in=councils).exists()


def is_own_administrator_role(admin: User, membership: Membership) -> bool:
    """An administrator may not take their own administrator role away: someone else must."""
    return membership.user_id == admin.pk and membership.role in STAFF_ADMIN_ROLES
