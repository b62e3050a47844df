"""Writes to the directory, each one transaction, named entity-first."""

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from familyhub.accounts.models import Organisation, User
from familyhub.accounts.selectors import user_by_email
from familyhub.accounts.services import (
    directory_editor_add,
    set_password_link_days,
    set_password_path,
)
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.directory.models import (
    Language,
    Location,
    OrganisationApplication,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from familyhub.directory.search_index import search_entries_refresh, services_at
from familyhub.notifications.services import message_send
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


def organisation_join(
    *, organisation: Organisation, contact_name: str, contact_email: str, language: str
) -> OrganisationApplication:
    """A new organisation waits for the directory manager, with its application.

    No account and no session: the decision makes those. The applicant is emailed either way,
    and only the email says whether the address has an account already, so the page that
    answers anyone who types an address gives nothing away.
    """
    with transaction.atomic():
        organisation.slug = _unique_slug(
            Organisation, organisation.local_authority, organisation.name
        )
        organisation.status = Organisation.Status.PENDING
        organisation.save()
        application = OrganisationApplication.objects.create(
            organisation=organisation,
            contact_name=contact_name.strip(),
            contact_email=contact_email,
            language=language,
        )
        has_account = user_by_email(contact_email) is not None
        audit_record(
            actor=None,
            action=AuditEvent.Action.CREATE,
            record=application,
            reason="Asked to list an organisation",
            details={"organisation": str(organisation.pk)},
        )
        message_send(
            template=(
                "organisation_application_has_account"
                if has_account
                else "organisation_application_received"
            ),
            to=contact_email,
            idempotency_key=f"organisation_application_received:{application.pk}",
            language=language,
            personalisation={
                **_message_names(),
                "name": application.contact_name,
                "organisation": organisation.name,
            },
        )
    return application


def _message_names() -> dict[str, str]:
    return {"service_name": settings.SERVICE_NAME, "council_name": settings.COUNCIL_NAME}


def organisation_decide(
    *,
    organisation: Organisation,
    approve: bool,
    by: User,
    absolute_uri: Callable[[str], str],
) -> bool:
    """The directory manager approves or rejects a waiting organisation.

    Approving an application makes its contact the organisation's editor and emails them: a
    one-time link to set their password (a new account), or a note to sign in as usual (an
    address that has an account). Rejecting emails them too. `absolute_uri` turns a path into
    the link in the email (request.build_absolute_uri). Returns False, changing nothing, if the
    organisation was decided already (a second click).
    """
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if locked.status != Organisation.Status.PENDING:
            return False
        status = Organisation.Status.APPROVED if approve else Organisation.Status.REJECTED
        locked.status = status
        locked.save(update_fields=["status", "modified"])
        audit_record(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            record=locked,
            reason="Organisation approved" if approve else "Organisation rejected",
            details={"status": status.value},
        )
        application = OrganisationApplication.objects.filter(organisation=locked).first()
        if application is not None:
            _application_decide(application, approve=approve, by=by, absolute_uri=absolute_uri)
        search_entries_refresh(service_ids=locked.services.values_list("pk", flat=True))
    organisation.status = locked.status
    return True


def _application_decide(
    application: OrganisationApplication,
    *,
    approve: bool,
    by: User,
    absolute_uri: Callable[[str], str],
) -> None:
    application.status = (
        OrganisationApplication.Status.APPROVED
        if approve
        else OrganisationApplication.Status.REJECTED
    )
    application.decided_at = timezone.now()
    application.decided_by = by
    application.save(update_fields=["status", "decided_at", "decided_by"])
    personalisation = {
        **_message_names(),
        "name": application.contact_name,
        "organisation": application.organisation.name,
    }
    if not approve:
        template = "organisation_rejected"
    else:
        user, created = directory_editor_add(
            email=application.contact_email,
            full_name=application.contact_name,
            organisation=application.organisation,
            by=by,
        )
        if created:
            template = "organisation_approved"
            personalisation["link"] = absolute_uri(set_password_path(user))
            personalisation["days"] = str(set_password_link_days())
        else:
            template = "organisation_approved_has_account"
            personalisation["link"] = absolute_uri(reverse("accounts:sign-in"))
    message_send(
        template=template,
        to=application.contact_email,
        idempotency_key=f"organisation_decided:{application.pk}",
        language=application.language,
        personalisation=personalisation,
    )


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
