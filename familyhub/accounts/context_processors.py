from django.http import HttpRequest

from familyhub.accounts.models import Role
from familyhub.audit.rules import AUDIT_READER_ROLES
from familyhub.casework.rules import STEP_DOWN_ROLES
from familyhub.families.rules import CASEWORK_ROLES
from familyhub.frontdoor.referrals.rules import REFERRER_ROLES

# Who works on episodes of early help: leads, the team's practitioners, locality managers.
CASEWORK_NAV_ROLES = (Role.LEAD_PROFESSIONAL, Role.PRACTITIONER, Role.LOCALITY_MANAGER)


def staff_navigation(request: HttpRequest) -> dict[str, bool]:
    """Which staff areas to offer in the navigation: one query, and only for staff signed in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = set(user.memberships.values_list("role", flat=True))
    return {
        "nav_families": bool(roles & set(CASEWORK_ROLES)),
        "nav_triage": Role.TRIAGE in roles,
        "nav_casework": bool(roles & set(CASEWORK_NAV_ROLES)),
        "nav_audit": bool(roles & set(AUDIT_READER_ROLES)),
        "nav_referrals": bool(roles & set(REFERRER_ROLES)),
        # May step a family down from social care into early help (casework.rules).
        "may_step_down": bool(roles & set(STEP_DOWN_ROLES)),
    }
