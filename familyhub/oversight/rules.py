"""Who may read the audit trail: the managers who answer for how records are used."""

from django.contrib.auth.models import AnonymousUser

from familyhub.accounts.models import Role, User

AUDIT_READER_ROLES = (Role.LOCALITY_MANAGER, Role.ADMINISTRATOR)


def may_read_audit_log(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.memberships.filter(role__in=AUDIT_READER_ROLES).exists()
