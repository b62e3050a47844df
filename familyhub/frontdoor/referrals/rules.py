"""Who may refer, where a referral may go, and whose referrals a practitioner may see."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from familyhub.accounts.models import Membership, Organisation, Role, User
from familyhub.directory.models import Service
from familyhub.places.models import LocalAuthority

# Any partner's front-line staff: school, GP, health visitor, housing, police, voluntary group.
REFERRER_ROLES = (Role.PRACTITIONER, Role.LEAD_PROFESSIONAL)


def referrer_memberships(user: User | AnonymousUser) -> QuerySet[Membership]:
    """The memberships through which this user may refer, oldest first."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        user.memberships.filter(role__in=REFERRER_ROLES)
        .select_related("organisation")
        .order_by("pk")
    )


def can_refer(user: User | AnonymousUser) -> bool:
    return referrer_memberships(user).exists()


def referrer_organisation_ids(user: User | AnonymousUser) -> list:
    """Referrals are the organisation's, not one person's: colleagues cover for each other."""
    return list(referrer_memberships(user).values_list("organisation_id", flat=True).distinct())


def referring_organisation(user: User | AnonymousUser) -> Organisation | None:
    """The organisation a new referral is made for. With several, the oldest membership wins;
    a choice on the form can come when somebody really works for two partners at once."""
    membership = referrer_memberships(user).first()
    return membership.organisation if membership else None


def referrable_services(local_authority: LocalAuthority) -> QuerySet[Service]:
    """Directory services a practitioner may refer to directly: live, approved, this council's."""
    return (
        Service.objects.filter(
            accepts_referrals=True,
            status=Service.Status.ACTIVE,
            organisation__status=Organisation.Status.APPROVED,
            local_authority=local_authority,
        )
        .select_related("organisation")
        .order_by("name")
    )


def service_for(*, chosen: Service | None, at_risk: bool) -> Service | None:
    """Where the referral goes: the chosen service, unless a child may be at risk of significant
    harm. Then it always goes to the front door, which can hand over to social care at once; a
    service outside the front door would not be watching for it."""
    return None if at_risk else chosen


def consent_allows_service(*, consent_to_share: bool) -> bool:
    """A service outside the council's front door may only hear about a family who agreed."""
    return consent_to_share
