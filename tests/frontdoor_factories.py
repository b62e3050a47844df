"""factory_boy factories for the front door, named by the state a request is in.

    draft = SupportRequestFactory()                  # started online, nothing sent yet
    waiting = SubmittedRequestFactory()              # sent by a family, waiting for triage
    urgent = UrgentRequestFactory()                  # a child may be at risk: top of the queue
    referral = ReferralFactory(referrer=teacher)     # sent by a practitioner
    to_service = ServiceReferralFactory(referrer=teacher, service=service)  # straight to a service
    allocated = request_allocate(waiting, by=triage_officer, lead_professional=lead)

A submitted request is about a parent, its contact (`parent_name=`, `family_name=`), and a
child (`child__given_name=`, `child__date_of_birth=`). Requests live in Tower Hamlets, at a
real postcode.
"""

import datetime as dt

import factory
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.families.models import Membership
from familyhub.frontdoor.models import (
    NeedLevel,
    ReferralAnswer,
    RequestPerson,
    SupportRequest,
    TriageStandard,
)
from familyhub.triage.models import PendingJoin, Signpost
from familyhub.triage.services import request_decide
from tests.factories import LocalAuthorityFactory, OrganisationFactory, StaffFactory
from tests.families_factories import FamilyFactory
from tests.families_factories import MembershipFactory as HouseholdMemberFactory

factory.Faker._DEFAULT_LOCALE = "en_GB"


class NeedLevelFactory(factory.django.DjangoModelFactory):
    """A level of the council's continuum of needs: level 2, allocated to a hub, unless told."""

    class Meta:
        model = NeedLevel
        django_get_or_create = ("local_authority", "number")

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    number = 2
    name = "Targeted early help"
    route = NeedLevel.Route.HUB_ALLOCATION


class TriageStandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TriageStandard
        django_get_or_create = ("local_authority",)

    local_authority = factory.SubFactory(LocalAuthorityFactory)


class SupportRequestFactory(factory.django.DjangoModelFactory):
    """A family's request begun online and not sent yet (a draft with its resume link)."""

    class Meta:
        model = SupportRequest
        skip_postgeneration_save = True

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    reference = factory.Sequence(lambda n: f"D-{n:010x}")
    resume_token = factory.Sequence(lambda n: f"test-resume-token-{n:08d}")
    source = SupportRequest.Source.FAMILY
    status = SupportRequest.Status.DRAFT
    requester = SupportRequest.Requester.PARENT


class RequestPersonFactory(factory.django.DjangoModelFactory):
    """Someone a request is about: a child of four, with the request's family name."""

    class Meta:
        model = RequestPerson

    request = factory.SubFactory(SupportRequestFactory)
    role = Membership.Role.CHILD
    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    date_of_birth = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=4 * 365))


class SubmittedRequestFactory(SupportRequestFactory):
    """Sent by the family an hour ago, consent to share given, no safeguarding concern: waiting
    for triage. About a parent (the contact) and a child."""

    class Params:
        parent_name = factory.Faker("first_name_female")
        family_name = factory.Faker("last_name")
        hours_ago = 1

    reference = factory.Sequence(lambda n: f"FH-T{n:05d}")
    status = SupportRequest.Status.NEW
    submitted_at = factory.LazyAttribute(lambda o: timezone.now() - dt.timedelta(hours=o.hours_ago))
    worries = "We are struggling with our toddler's sleep and my low mood."
    help_choices = factory.LazyFunction(lambda: [SupportRequest.Help.PARENTING])
    contact_name = factory.LazyAttribute(lambda o: f"{o.parent_name} {o.family_name}")
    contact_method = SupportRequest.Contact.PHONE
    phone = "020 7946 0123"
    address_1 = "1 Example Street"
    city = "London"
    postcode = "E1 1BB"
    consent_to_share = True
    consent_given_at = factory.SelfAttribute("submitted_at")
    safeguarding_concern = False

    parent = factory.RelatedFactory(
        RequestPersonFactory,
        factory_related_name="request",
        role=Membership.Role.PARENT,
        given_name=factory.SelfAttribute("..parent_name"),
        family_name=factory.SelfAttribute("..family_name"),
        date_of_birth=None,
    )
    child = factory.RelatedFactory(
        RequestPersonFactory,
        factory_related_name="request",
        family_name=factory.SelfAttribute("..family_name"),
    )


class UrgentRequestFactory(SubmittedRequestFactory):
    """The family says a child may be at risk of harm: decided at once."""

    safeguarding_concern = True


class ReferralFactory(SubmittedRequestFactory):
    """A practitioner's referral to the front door (`referrer=` a member of staff)."""

    source = SupportRequest.Source.PRACTITIONER
    referrer = factory.SubFactory("tests.factories.StaffFactory")
    referrer_organisation = factory.LazyAttribute(
        lambda o: o.referrer.memberships.first().organisation
    )


class ServiceReferralFactory(ReferralFactory):
    """A practitioner's referral straight to a directory service (`service=`), new: nobody at
    the service has opened it yet. `answer=` another state gives no history; use the services."""

    status = SupportRequest.Status.REFERRED
    service = factory.SubFactory(
        "tests.factories.ServiceFactory",
        accepts_referrals=True,
        local_authority=factory.SelfAttribute("..local_authority"),
        organisation__local_authority=factory.SelfAttribute("..local_authority"),
    )
    answer = SupportRequest.Answer.NEW


class ReferralAnswerFactory(factory.django.DjangoModelFactory):
    """One step in a referral to a service's history: opened just now, by nobody in particular."""

    class Meta:
        model = ReferralAnswer

    request = factory.SubFactory(ServiceReferralFactory)
    answer = SupportRequest.Answer.OPENED
    at = factory.LazyFunction(timezone.now)


def request_allocate(
    request: SupportRequest,
    *,
    by,
    lead_professional,
    level: NeedLevel | None = None,
    reason: str = "A Team Around the Family.",
) -> SupportRequest:
    """Triage's decision through the real service: the request allocated to a hub team at
    `level` (the council's level 2 unless told), which opens the family's record and episode."""
    decided = request_decide(
        request=request,
        level=level or NeedLevelFactory(local_authority=request.local_authority),
        reason=reason,
        lead_professional=lead_professional,
        triage_organisation=by.memberships.get(role=Role.TRIAGE).organisation,
        by=by,
    )
    decided.refresh_from_db()
    return decided


class PendingJoinFactory(factory.django.DjangoModelFactory):
    """Triage matched a submitted request to a household whose consent disagrees: the join waits
    for a locality manager. The request's child is matched to a child of the household."""

    class Meta:
        model = PendingJoin
        # matched_child saves what it changes itself.
        skip_postgeneration_save = True

    request = factory.SubFactory(SubmittedRequestFactory)
    family = factory.SubFactory(
        FamilyFactory, local_authority=factory.SelfAttribute("..request.local_authority")
    )
    matches = factory.LazyFunction(dict)  # filled in below, once both people exist
    level = factory.SubFactory(
        NeedLevelFactory, local_authority=factory.SelfAttribute("..request.local_authority")
    )
    reason = "Known to the hub: the same child as in this household."
    lead_professional = factory.SubFactory(StaffFactory, role=Role.LEAD_PROFESSIONAL)
    triage_organisation = factory.SubFactory(
        OrganisationFactory, local_authority=factory.SelfAttribute("..request.local_authority")
    )
    asked_by = factory.SubFactory(StaffFactory, role=Role.TRIAGE)
    asked_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def matched_child(join, create, extracted, **kwargs):
        if join.matches:
            return
        child = RequestPersonFactory(request=join.request)
        member = HouseholdMemberFactory(family=join.family, person__given_name=child.given_name)
        join.matches = {str(child.pk): str(member.person_id)}
        if create:
            join.save(update_fields=["matches"])


class SignpostFactory(factory.django.DjangoModelFactory):
    """A live service of the request's council that triage sent a signposted family, by email.
    (request_decide at level 1 with `signposts=` makes these and sends the message.)"""

    class Meta:
        model = Signpost

    request = factory.SubFactory(SubmittedRequestFactory, status=SupportRequest.Status.SIGNPOSTED)
    service = factory.SubFactory(
        "tests.factories.ServiceFactory",
        organisation__local_authority=factory.SelfAttribute("...request.local_authority"),
    )
    sent_by = factory.SubFactory(StaffFactory, role=Role.TRIAGE)
    sent_at = factory.LazyFunction(timezone.now)
    channel = "email"
