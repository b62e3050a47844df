"""factory_boy factories, one per model, for the apps below the shared record: places, accounts,
audit and the directory. Places default to real Tower Hamlets postcodes.

The shared record's factories are in tests/families_factories.py, the front door's in
tests/frontdoor_factories.py and casework's in tests/casework_factories.py; the named cast of
staff built from them is in tests/conftest.py.

    editor = StaffFactory(role=Role.DIRECTORY_EDITOR)   # a user with one membership
    lead = LeadProfessionalFactory(organisation=team)   # the same, named by role
"""

import datetime as dt
import uuid
from decimal import Decimal

import factory
from django.utils import timezone
from django.utils.text import slugify

from familyhub.accounts.models import Membership, Organisation, Role, Sector, User
from familyhub.audit.models import AuditCheckpoint, AuditEvent
from familyhub.audit.services import audit_append, council_of
from familyhub.directory.models import (
    CostOption,
    Language,
    Location,
    OrganisationApplication,
    Schedule,
    SearchEntry,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    Weekday,
)
from familyhub.directory.search_index import search_entries_refresh
from familyhub.places.models import LocalAuthority, Locality, LocalitySector, Postcode

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


class LocalitySectorFactory(factory.django.DjangoModelFactory):
    """A postcode sector the locality serves, in the made-up "ZZ" area unless told otherwise."""

    class Meta:
        model = LocalitySector

    locality = factory.SubFactory(LocalityFactory)
    local_authority = factory.SelfAttribute("locality.local_authority")
    sector = factory.Sequence(lambda n: f"ZZ{n % 100} {n // 100 % 10}")


class PostcodeFactory(factory.django.DjangoModelFactory):
    """A made-up postcode ("ZZ" is no real area, so it never clashes with the ONSPD rows every
    test database holds), at Whitechapel's grid reference in Tower Hamlets."""

    class Meta:
        model = Postcode
        django_get_or_create = ("postcode",)

    postcode = factory.Sequence(lambda n: f"ZZ{n % 100} {n // 100 % 10}ZZ")
    local_authority_code = "E09000030"
    easting = 534500
    northing = 181700
    latitude = 51.5184
    longitude = -0.0620


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    sector = Sector.VOLUNTARY
    status = Organisation.Status.APPROVED
    email = "hello@example.org"


class OrganisationApplicationFactory(factory.django.DjangoModelFactory):
    """Somebody asked for their (pending) organisation to be listed; nothing decided yet."""

    class Meta:
        model = OrganisationApplication

    organisation = factory.SubFactory(OrganisationFactory, status=Organisation.Status.PENDING)
    contact_name = factory.Faker("name")
    contact_email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    language = "en-gb"


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


class CostOptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostOption

    service = factory.SubFactory(ServiceFactory, is_free=False)
    option = "Per session"
    amount = Decimal("2.50")


class SearchEntryFactory(factory.django.DjangoModelFactory):
    """Derived data, so never written by hand: the search index builds the row for a service at
    a location, as every write that changes the directory does."""

    class Meta:
        model = SearchEntry

    service_at_location = factory.SubFactory(ServiceAtLocationFactory)

    @classmethod
    def _create(cls, model_class, service_at_location, **kwargs):
        search_entries_refresh(service_ids=[service_at_location.service_id])
        return model_class.objects.get(service_at_location=service_at_location)


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


class StaffFactory(UserFactory):
    """A member of staff holding one role at one organisation (a partner practitioner at a new
    voluntary organisation unless told otherwise)."""

    class Params:
        role = Role.PRACTITIONER
        organisation = factory.SubFactory(OrganisationFactory)

    membership = factory.RelatedFactory(
        MembershipFactory,
        factory_related_name="user",
        role=factory.SelfAttribute("..role"),
        organisation=factory.SelfAttribute("..organisation"),
    )


class DirectoryEditorFactory(StaffFactory):
    class Params:
        role = Role.DIRECTORY_EDITOR


class DirectoryManagerFactory(StaffFactory):
    class Params:
        role = Role.DIRECTORY_MANAGER


class TriageOfficerFactory(StaffFactory):
    class Params:
        role = Role.TRIAGE


class LeadProfessionalFactory(StaffFactory):
    class Params:
        role = Role.LEAD_PROFESSIONAL


class PartnerPractitionerFactory(StaffFactory):
    class Params:
        role = Role.PRACTITIONER


class LocalityManagerFactory(StaffFactory):
    class Params:
        role = Role.LOCALITY_MANAGER


class AnalystFactory(StaffFactory):
    class Params:
        role = Role.DATA_ANALYST


class DataProtectionOfficerFactory(StaffFactory):
    class Params:
        role = Role.DATA_PROTECTION_OFFICER


class AdministratorFactory(StaffFactory):
    class Params:
        role = Role.ADMINISTRATOR


class SocialWorkerFactory(StaffFactory):
    class Params:
        role = Role.SOCIAL_WORKER


def _family_id_of(record) -> uuid.UUID | None:
    if record._meta.label_lower == "families.family":
        return record.pk
    return getattr(record, "family_id", None)


class AuditEventFactory(factory.django.DjangoModelFactory):
    """An event in the trail, as audit_record writes it: pass `record=` (any saved model) to
    say what was touched; without one it is a view of a family that is not in the database."""

    class Meta:
        model = AuditEvent

    class Params:
        record = None

    at = factory.LazyFunction(timezone.now)
    actor = factory.SubFactory(UserFactory)
    actor_label = factory.LazyAttribute(lambda o: o.actor.email if o.actor else "")
    action = AuditEvent.Action.VIEW
    record_type = factory.LazyAttribute(
        lambda o: o.record._meta.label_lower if o.record else "families.family"
    )
    record_id = factory.LazyAttribute(lambda o: str(o.record.pk if o.record else uuid.uuid4()))
    family_id = factory.LazyAttribute(
        lambda o: _family_id_of(o.record) if o.record else uuid.UUID(o.record_id)
    )
    # The record's council, as audit_record finds it; the test council's without a record.
    local_authority_code = factory.LazyAttribute(
        lambda o: (council_of(o.record, o.actor) if o.record else "") or "E09000030"
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the one door into the trail, so the event takes its place in the hash chain.
        return audit_append([model_class(*args, **kwargs)])[0]


class AuditCheckpointFactory(factory.django.DjangoModelFactory):
    """An approved purge's checkpoint, as a row only: it removes nothing. For a real purge (the
    events gone, the chain anchored on it) use audit.services.audit_trail_purge."""

    class Meta:
        model = AuditCheckpoint

    before = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=7 * 365))
    up_to_event_id = factory.Sequence(lambda n: n + 1)
    events_removed = factory.SelfAttribute("up_to_event_id")
    anchor_hash = factory.Sequence(lambda n: f"{n:064x}")
    approved_by = "A. Khan, data protection officer"
    reason = "Retention period reached; approval ref DPO-2026-14"
