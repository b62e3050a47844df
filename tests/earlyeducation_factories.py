"""factory_boy factories for the 2-year-old offer, named by state.

    eligibility = EligibilityFactory()                    # on the autumn 2026 list, not invited
    invited = InvitationFactory(eligibility=eligibility)  # by letter unless told
    TakeUpFactory(eligibility=eligibility)                # took up a place at a nursery
    provider = ProviderFactory(organisation=...)          # a nursery taking funded 2-year-olds

Dates: the children are born in spring 2024, so 2 in autumn 2026 (TERM).
"""

import datetime as dt

import factory

from familyhub.directory.models import Service, TaxonomyTerm
from familyhub.earlyeducation.models import (
    Eligibility,
    EligibleChild,
    Invitation,
    ListImport,
    Season,
    TakeUp,
)
from familyhub.earlyeducation.rules import Term
from familyhub.earlyeducation.selectors import PROVIDER_TERM_CODE, PROVIDER_TERM_NAME
from tests.factories import (
    LocalAuthorityFactory,
    LocalityFactory,
    ServiceFactory,
    StaffFactory,
    TaxonomyTermFactory,
)

factory.Faker._DEFAULT_LOCALE = "en_GB"

TERM = Term(2026, Season.AUTUMN)


def provider_term():
    """The category providers are found by: the national "Pre-school playgroup" term, as the
    reference data migration made it (or a stand-in when a flush removed it)."""
    return TaxonomyTerm.objects.filter(
        code=PROVIDER_TERM_CODE, name=PROVIDER_TERM_NAME, local_authority__isnull=True
    ).first() or TaxonomyTermFactory(code=PROVIDER_TERM_CODE, name=PROVIDER_TERM_NAME)


class ProviderFactory(ServiceFactory):
    """A nursery taking funded 2-year-olds: "Pre-school playgroup", ages 2 to 4, booked."""

    class Meta:
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Nursery {n}")
    access = Service.Access.SELF_REFER
    minimum_age = 2
    maximum_age = 4

    @factory.post_generation
    def categorised(self, create, extracted, **kwargs):
        if create:
            self.terms.add(provider_term())


class ListImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListImport

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    term_year = TERM.year
    term_season = TERM.season
    file_name = "dwp-list.csv"
    imported_by = factory.SubFactory(StaffFactory, role="data_analyst")


class EligibleChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EligibleChild

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    child_key = factory.Sequence(lambda n: f"{n:064x}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = dt.date(2024, 4, 15)
    parent_name = factory.Faker("name")
    address_1 = factory.Faker("street_address")
    postcode = "E1 6AN"


class EligibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Eligibility

    child = factory.SubFactory(EligibleChildFactory)
    term_year = TERM.year
    term_season = TERM.season
    locality = factory.SubFactory(
        LocalityFactory, local_authority=factory.SelfAttribute("..child.local_authority")
    )
    code = factory.Sequence(lambda n: f"2Y-T{n:03d}-TEST")
    first_listed_in = factory.SubFactory(
        ListImportFactory, local_authority=factory.SelfAttribute("..child.local_authority")
    )


class InvitationFactory(factory.django.DjangoModelFactory):
    """Invited by letter (no email address or mobile on the list)."""

    class Meta:
        model = Invitation

    eligibility = factory.SubFactory(EligibilityFactory)
    channel = Invitation.Channel.LETTER
    providers = factory.LazyFunction(
        lambda: [{"name": "Nursery", "place": "Old Ford", "postcode": "E3 2NT", "miles": 0.4}]
    )


class TakeUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TakeUp

    eligibility = factory.SubFactory(EligibilityFactory)
    provider = factory.SubFactory(ProviderFactory)
    started = dt.date(2026, 9, 7)
    recorded_by = factory.SubFactory(StaffFactory, role="administrator")
