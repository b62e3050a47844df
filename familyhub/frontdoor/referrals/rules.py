"""Who may refer, where a referral may go, whose referrals a practitioner may see, and who
answers a referral for the service it went to."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from familyhub.accounts.models import Membership, Organisation, Role, User
from familyhub.directory.models import Service
from familyhub.frontdoor.models import SupportRequest
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


# Who answers referrals for the organisation that runs the service: its front-line staff, and
# its directory editors, who in a small voluntary group are often the only staff on the system.
ANSWERER_ROLES = (Role.DIRECTORY_EDITOR, Role.PRACTITIONER, Role.LEAD_PROFESSIONAL)

# Each state a referral to a service may move on to, and from where (DfE's "Connect families to
# support"): opened first, so the referrer knows somebody read it; then accepted or declined;
# only what was accepted can be completed.
NEXT_ANSWERS = {
    SupportRequest.Answer.NEW: {SupportRequest.Answer.OPENED},
    SupportRequest.Answer.OPENED: {SupportRequest.Answer.ACCEPTED, SupportRequest.Answer.DECLINED},
    SupportRequest.Answer.ACCEPTED: {SupportRequest.Answer.COMPLETED},
}


def answering_organisation_ids(user: User | AnonymousUser) -> list:
    """The organisations whose services' referrals this user may answer."""
    if not user.is_authenticated:
        return []
    return list(
        user.memberships.filter(role__in=ANSWERER_ROLES)
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def may_answer_referrals_for(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Referrals are the receiving organisation's to answer, not one person's: colleagues cover."""
    return organisation.pk in answering_organisation_ids(user)


def answer_allowed(current: str, new: str) -> bool:
    return new in NEXT_ANSWERS.get(SupportRequest.Answer(current), set()) if current else False
