"""factory_boy factories for the shared family record. People get en_GB names, real Tower
Hamlets postcodes and, on request, NHS numbers from the 999 range the NHS keeps for testing.

    person = PersonFactory()                      # a child, no NHS number
    person = PersonFactory(with_nhs_number=True)  # a valid, unique synthetic NHS number
    person = PersonFactory(unborn=True)           # a due date, no date of birth
    member = MembershipFactory(role=Membership.Role.PARENT)
    family = family_with_consent_for(organisation)  # involved, whole record shared with it
    WithdrawnConsentFactory(family=family, organisations=[organisation])
"""

import datetime as dt

import factory
from django.utils import timezone

from familyhub.families.identifiers import synthetic_nhs_number
from familyhub.families.models import (
    ChronologyEvent,
    Consent,
    Family,
    Involvement,
    LawfulBasis,
    Membership,
    Person,
    Relationship,
    SafeguardingOverride,
    Sex,
)
from tests.factories import LocalAuthorityFactory, OrganisationFactory, UserFactory

factory.Faker._DEFAULT_LOCALE = "en_GB"
_fake = factory.Faker._get_faker("en_GB")

# Real Tower Hamlets postcodes (ONSPD), so that lookups against the imported postcodes work.
TOWER_HAMLETS_POSTCODES = ["E1 6AN", "E1 1BJ", "E2 0PX", "E3 2AB", "E14 2BG", "E1W 3PA"]


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    # Unique and short, like the references staff read out on the phone.
    reference = factory.Sequence(lambda n: f"FAM{n:06d}")
    name = factory.Faker("last_name")
    address_1 = factory.Faker("street_address")
    city = "London"
    postcode = factory.Iterator(TOWER_HAMLETS_POSTCODES)


class PersonFactory(factory.django.DjangoModelFactory):
    """A child of 0 to 17 unless told otherwise. Traits: `with_nhs_number`, `unborn`, `adult`."""

    class Meta:
        model = Person

    class Params:
        with_nhs_number = factory.Trait(
            # Unique per factory call, valid, and never a real patient's (999 range).
            nhs_number=factory.Sequence(lambda n: synthetic_nhs_number(n % 100_000))
        )
        unborn = factory.Trait(
            given_name="",
            date_of_birth=None,
            due_date=factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=90)),
        )
        adult = factory.Trait(
            date_of_birth=factory.Faker("date_of_birth", minimum_age=18, maximum_age=60)
        )

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    sex = factory.Iterator([Sex.FEMALE, Sex.MALE])
    # A first name that goes with the sex, from factory_boy's own (seedable) en_GB Faker.
    given_name = factory.LazyAttribute(
        lambda o: _fake.first_name_female() if o.sex == Sex.FEMALE else _fake.first_name_male()
    )
    family_name = factory.Faker("last_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=0, maximum_age=17)
    postcode = factory.Iterator(TOWER_HAMLETS_POSTCODES)


class MembershipFactory(factory.django.DjangoModelFactory):
    """A person's place in a household (`families.Membership`, not the staff membership)."""

    class Meta:
        model = Membership

    family = factory.SubFactory(FamilyFactory)
    person = factory.SubFactory(
        PersonFactory,
        local_authority=factory.SelfAttribute("..family.local_authority"),
        family_name=factory.SelfAttribute("..family.name"),
        postcode=factory.SelfAttribute("..family.postcode"),
    )
    role = Membership.Role.CHILD


# tests.factories.MembershipFactory is the staff membership; this name cannot be mistaken.
FamilyMembershipFactory = MembershipFactory


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    person = factory.SubFactory(PersonFactory, adult=True)
    kind = Relationship.Kind.PARENT_OF
    other = factory.SubFactory(
        PersonFactory, local_authority=factory.SelfAttribute("..person.local_authority")
    )


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    family = factory.SubFactory(FamilyFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, local_authority=factory.SelfAttribute("..family.local_authority")
    )
    worker = factory.SubFactory(UserFactory)
    role = Involvement.Role.LEAD_PROFESSIONAL
    started = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))


class ChronologyEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChronologyEvent

    family = factory.SubFactory(FamilyFactory)
    person = None
    organisation = factory.SubFactory(
        OrganisationFactory, local_authority=factory.SelfAttribute("..family.local_authority")
    )
    recorded_by = factory.SubFactory(UserFactory)
    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=7))
    summary = factory.Faker("sentence", nb_words=6)
    detail = factory.Faker("paragraph")


class ConsentFactory(factory.django.DjangoModelFactory):
    """Whole-record consent given online; pass `organisations=[...]` to say who it covers."""

    class Meta:
        model = Consent
        skip_postgeneration_save = True

    family = factory.SubFactory(FamilyFactory)
    given_by = None
    scope = Consent.Scope.WHOLE_RECORD
    purpose = "To get the family the right help without telling their story again"
    lawful_basis = LawfulBasis.CONSENT
    given_at = factory.LazyFunction(timezone.now)
    given_how = Consent.Given.ONLINE

    @factory.post_generation
    def organisations(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy's signature
        if create and extracted:
            obj.organisations.set(extracted)


class SafeguardingOverrideFactory(factory.django.DjangoModelFactory):
    """Sharing without consent, in force from an hour ago with no end, unless told otherwise."""

    class Meta:
        model = SafeguardingOverride

    family = factory.SubFactory(FamilyFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, local_authority=factory.SelfAttribute("..family.local_authority")
    )
    granted_by = factory.SubFactory(UserFactory)
    reason = "Risk of significant harm: the child disclosed at school"
    lawful_basis = LawfulBasis.VITAL_INTERESTS
    starts = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))
    ends = None


class WithdrawnConsentFactory(ConsentFactory):
    """Consent given a month ago and withdrawn yesterday: it covers nobody now."""

    given_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30))
    withdrawn_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    withdrawn_how = Consent.Given.WRITTEN


class ExpiredOverrideFactory(SafeguardingOverrideFactory):
    """An override that ran from ten days ago until yesterday."""

    starts = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    ends = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))


class EndedInvolvementFactory(InvolvementFactory):
    """An organisation that worked with the family from sixty days ago until yesterday."""

    started = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=60))
    ended = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1))


def family_with_consent_for(
    organisation, *, scope: str = Consent.Scope.WHOLE_RECORD, worker=None, **family_fields
) -> Family:
    """A family the organisation works with (involved, its worker `worker` or a new member of
    staff) and has `scope` of its record shared with it by the family's consent."""
    family = FamilyFactory(**family_fields)
    worker_given = {} if worker is None else {"worker": worker}
    InvolvementFactory(family=family, organisation=organisation, **worker_given)
    ConsentFactory(family=family, scope=scope, organisations=[organisation])
    return family
