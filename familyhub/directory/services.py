"""Writes to the directory, each one transaction, named entity-first."""

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from familyhub.accounts.models import Membership, Organisation, Role, User
from familyhub.directory.models import (
    Language,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from familyhub.directory.search_index import search_entries_refresh, services_at
from familyhub.places.models import LocalAuthority, Postcode


def _unique_slug(
    model: type[Organisation] | type[Location],
    local_authority: LocalAuthority,
    name: str,
) -> str:
    base = slugify(name)[:180] or "entry"
    slug, n = base, 1
    while model.objects.filter(local_authority=local_authority, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def organisation_join(
    *, organisation: Organisation, contact_name: str, contact_email: str, password: str
) -> Organisation:
    """A new organisation waits for the directory manager; its contact becomes its editor."""
    validate_password(password)
    first, _, last = contact_name.strip().partition(" ")
    user = User.objects.create_user(
        email=contact_email, password=password, first_name=first, last_name=last
    )
    organisation.slug = _unique_slug(Organisation, organisation.local_authority, organisation.name)
    organisation.status = Organisation.Status.PENDING
    organisation.save()
    Membership.objects.create(user=user, organisation=organisation, role=Role.DIRECTORY_EDITOR)
    return organisation


@transaction.atomic
def organisation_decide(*, organisation: Organisation, approve: bool) -> Organisation:
    organisation.status = Organisation.Status.APPROVED if approve else Organisation.Status.REJECTED
    organisation.save(update_fields=["status", "modified"])
    search_entries_refresh(service_ids=organisation.services.values_list("pk", flat=True))
    return organisation


@transaction.atomic
def service_save(
    *,
    service: Service,
    locations: list[Location],
    terms: list[TaxonomyTerm],
    languages: list[Language],
) -> Service:
    """Create or update a service, its categories, languages and places; saving counts as
    checking it."""
    service.local_authority = service.organisation.local_authority
    service.last_checked = timezone.localdate()
    service.save()
    service.terms.set(terms)
    service.languages.set(languages)
    service.at_locations.exclude(location__in=locations).delete()
    for location in locations:
        ServiceAtLocation.objects.get_or_create(service=service, location=location)
    search_entries_refresh(service_ids=[service.pk])
    return service


def service_mark_checked(*, service: Service) -> Service:
    """An editor confirms the details are still right without changing them."""
    service.last_checked = timezone.localdate()
    service.save(update_fields=["last_checked", "modified"])
    return service


@transaction.atomic
def location_save(*, location: Location, postcode: Postcode) -> Location:
    """Save a venue, placed at its postcode's grid reference."""
    location.postcode = postcode.postcode
    location.easting, location.northing = postcode.easting, postcode.northing
    location.latitude, location.longitude = postcode.latitude, postcode.longitude
    if not location.slug:
        location.slug = _unique_slug(Location, location.local_authority, location.name)
    location.save()
    search_entries_refresh(service_ids=services_at(location))
    return location


@transaction.atomic
def schedule_add(*, service_at_location: ServiceAtLocation, schedule: Schedule) -> Schedule:
    schedule.service_at_location = service_at_location
    schedule.save()
    search_entries_refresh(service_ids=[service_at_location.service_id])
    return schedule


@transaction.atomic
def schedule_remove(*, schedule: Schedule) -> None:
    service_id = schedule.service_at_location.service_id
    schedule.delete()
    search_entries_refresh(service_ids=[service_id])
