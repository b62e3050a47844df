"""factory_boy factories for data protection requests, named by the state a request is in.

    received = SubjectAccessRequestFactory(person=person)       # received today, not decided
    approved = SubjectAccessRequestFactory(approved=True, person=person)
    ErasureRequestFactory(support_request=request)              # about a front door request
    RectificationRequestFactory(approved=True, approved_fields=["given_name"])

They write rows as dataprotection.services leaves them, without the audit trail: for that, go
through the services themselves.
"""

import factory
from django.utils import timezone

from familyhub.dataprotection.models import DataProtectionRequest
from familyhub.dataprotection.rules import statutory_due_date
from tests.factories import DataProtectionOfficerFactory
from tests.families_factories import PersonFactory

factory.Faker._DEFAULT_LOCALE = "en_GB"


class SubjectAccessRequestFactory(factory.django.DjangoModelFactory):
    """Received today from the person themselves, photo ID seen, about somebody in the record.
    Trait `approved`: decided and approved by the officer who recorded it."""

    class Meta:
        model = DataProtectionRequest

    class Params:
        approved = factory.Trait(
            status=DataProtectionRequest.Status.APPROVED,
            decided_by=factory.SelfAttribute("recorded_by"),
            decided_at=factory.LazyFunction(timezone.now),
        )

    kind = DataProtectionRequest.Kind.SUBJECT_ACCESS
    person = factory.SubFactory(PersonFactory, adult=True)
    support_request = None
    local_authority = factory.LazyAttribute(
        lambda o: (o.person or o.support_request).local_authority
    )
    requester_name = factory.LazyAttribute(
        lambda o: str(o.person) if o.person else o.support_request.contact_name or "Not given"
    )
    requester_relationship = "Themselves"
    identity_check = DataProtectionRequest.IdentityCheck.PHOTO_ID
    received_on = factory.LazyFunction(timezone.localdate)
    due_on = factory.LazyAttribute(lambda o: statutory_due_date(o.received_on))
    recorded_by = factory.SubFactory(
        DataProtectionOfficerFactory,
        organisation__local_authority=factory.SelfAttribute("...local_authority"),
    )


class RectificationRequestFactory(SubjectAccessRequestFactory):
    kind = DataProtectionRequest.Kind.RECTIFICATION
    details = "My date of birth is wrong."


class ErasureRequestFactory(SubjectAccessRequestFactory):
    kind = DataProtectionRequest.Kind.ERASURE
    details = "Please delete everything you hold about me."
