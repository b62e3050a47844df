"""Context for every page. This is the project level, above every app: it may ask any of them."""

from django.conf import settings
from django.http import HttpRequest

from familyhub.accounts.selectors import roles_of
from familyhub.casework.rules import CASELOAD_ROLES, STEP_DOWN_ROLES
from familyhub.dataprotection.rules import DATA_PROTECTION_ROLES
from familyhub.earlyeducation.rules import OFFER_ROLES as TWO_YEAR_OFFER_ROLES
from familyhub.families.rules import CASEWORK_ROLES
from familyhub.frontdoor.referrals.rules import ANSWERER_ROLES, REFERRER_ROLES
from familyhub.insight.rules import INDICATOR_ROLES
from familyhub.notifications.rules import JOBS_ROLES
from familyhub.oversight.rules import AUDIT_READER_ROLES
from familyhub.socialcare.rules import SOCIAL_CARE_ROLES
from familyhub.staffaccounts.rules import STAFF_ADMIN_ROLES
from familyhub.triage.rules import JOIN_DECIDER_ROLES, TRIAGE_ROLES


def council(request: HttpRequest) -> dict[str, str]:
    """The council's and the service's names, for the header, footer and page titles."""
    return {"council_name": settings.COUNCIL_NAME, "service_name": settings.SERVICE_NAME}


def staff_navigation(request: HttpRequest) -> dict[str, bool]:
    """Which staff areas to offer: each app names the roles it serves; one query, staff only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)

    def offers(app_roles) -> bool:
        return bool(roles & set(app_roles))

    return {
        "nav_families": offers(CASEWORK_ROLES),
        "nav_triage": offers(TRIAGE_ROLES),
        "nav_joins": offers(JOIN_DECIDER_ROLES),
        "nav_casework": offers(CASELOAD_ROLES),
        "nav_audit": offers(AUDIT_READER_ROLES),
        "nav_jobs": offers(JOBS_ROLES),
        "nav_data_protection": offers(DATA_PROTECTION_ROLES),
        "nav_insight": offers(INDICATOR_ROLES),
        "nav_two_year_offer": offers(TWO_YEAR_OFFER_ROLES),
        "nav_staff_accounts": offers(STAFF_ADMIN_ROLES),
        "nav_referrals": offers(REFERRER_ROLES),
        "nav_referrals_received": offers(ANSWERER_ROLES),
        "nav_social_care": offers(SOCIAL_CARE_ROLES),
        "may_step_down": offers(STEP_DOWN_ROLES),
    }
