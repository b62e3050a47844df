"""factory_boy factories, one per model. Places default to real Tower Hamlets postcodes."""

import datetime as dt

import factory
from django.utils import timezone
from django.utils.text import slugify

from familyhub.accounts.models import Membership, Organisation, Role, Sector, User
from familyhub.directory.models import (
    Language,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    Weekday,
)
from familyhub.places.models import LocalAuthority, Locality

factory.Faker._DEFAULT_LOCALE = "en_GB"


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("code",)

    code = "E09000030"
    name = "Tower Hamlets"
    slug = "tower-hamlets"


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    name = factory.Sequence(lambda n: f"Locality {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    sector = Sector.VOLUNTARY
    status = Organisation.Status.APPROVED
    email = "hello@example.org"


class LocationFactory(factory.django.DjangoModelFactory):
    """A spoke at Whitechapel (E1 1BJ's grid reference) unless told otherwise."""

    class Meta:
        model = Location

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    kind = Location.Kind.SPOKE
    name = factory.Sequence(lambda n: f"Children and Family Centre {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    address_1 = "1 Example Street"
    city = "London"
    postcode = "E1 1BJ"
    easting = 534500
    northing = 181700
    latitude = 51.5184
    longitude = -0.0620


class TaxonomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Taxonomy

    name = factory.Sequence(lambda n: f"Taxonomy {n}")


class TaxonomyTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxonomyTerm

    taxonomy = factory.SubFactory(TaxonomyFactory)
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class LanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Language
        django_get_or_create = ("code",)

    code = "en"
    name = "English"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory)
    local_authority = factory.SelfAttribute("organisation.local_authority")
    name = factory.Sequence(lambda n: f"Service {n}")
    description = factory.Faker("paragraph")
    access = Service.Access.DROP_IN
    last_checked = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(ServiceFactory)
    location = factory.SubFactory(
        LocationFactory, local_authority=factory.SelfAttribute("..service.local_authority")
    )


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    service_at_location = factory.SubFactory(ServiceAtLocationFactory)
    weekday = Weekday.TUESDAY
    opens_at = dt.time(10, 0)
    closes_at = dt.time(11, 30)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy's signature
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.DIRECTORY_EDITOR
