"""Keeps `SearchEntry` in step with the directory. Every write that changes what the public
search would find calls `search_entries_refresh` with the services it touched, in its own
transaction, so the index is never behind what was committed."""

from collections.abc import Iterable, Iterator
from itertools import islice
from uuid import UUID

from django.db.models import Prefetch

from familyhub.accounts.models import Organisation
from familyhub.directory.models import (
    Location,
    SearchEntry,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from familyhub.directory.texts import service_translations

BATCH = 1000


def token(kind: str, value: object) -> str:
    """One facet token, as the search looks for it (with the spaces that delimit it)."""
    return f" {kind}:{value} "


def _facets(service: Service, sal: ServiceAtLocation) -> str:
    tokens = set()
    for term in service.terms.all():
        # A category matches its own services and those of the categories beneath it.
        tokens.add(f"c:{term.pk.hex}")
        if term.parent_id:
            tokens.add(f"c:{term.parent_id.hex}")
    tokens.update(f"l:{language.pk}" for language in service.languages.all())
    tokens.update(f"d:{schedule.weekday}" for schedule in sal.schedules.all())
    tokens.update(f"f:{name}" for name in Location.ACCESS_FEATURES if getattr(sal.location, name))
    tokens.update(f"f:{name}" for name in Service.ACCESS_FEATURES if getattr(service, name))
    return " " + " ".join(sorted(tokens)) + " "


def _entry(service: Service, sal: ServiceAtLocation) -> SearchEntry:
    location = sal.location
    sessions = sorted(sal.schedules.all(), key=lambda s: (s.weekday, s.opens_at))
    return SearchEntry(
        service_at_location=sal,
        service_id=service.pk,
        location_id=location.pk,
        local_authority_code=location.local_authority_id,
        kind=location.kind,
        easting=location.easting,
        northing=location.northing,
        service_name=service.name,
        location_name=location.name,
        # The editor's Bengali and Somali too, so a family may search in the words it reads.
        text=" ".join(
            [
                service.name,
                service.description,
                *service_translations(service, "name").values(),
                *service_translations(service, "description").values(),
                service.organisation.name,
            ]
        ).lower(),
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
        for_pregnancy=service.for_pregnancy,
        is_free=service.is_free,
        access=service.access,
        online=service.online,
        by_phone=service.by_phone,
        facets=_facets(service, sal),
        card={
            "names": service_translations(service, "name"),
            "organisation": service.organisation.name,
            "postcode": location.postcode,
            "fees": service.fees_description,
            "languages": sorted(language.name for language in service.languages.all()),
            "sessions": [
                [s.weekday, f"{s.opens_at:%H:%M}", f"{s.closes_at:%H:%M}"] for s in sessions
            ],
        },
    )


def _public(service_ids: list[UUID]):
    return (
        Service.objects.filter(
            pk__in=service_ids,
            status=Service.Status.ACTIVE,
            organisation__status=Organisation.Status.APPROVED,
        )
        .select_related("organisation")
        .prefetch_related(
            Prefetch("terms", queryset=TaxonomyTerm.objects.only("id", "parent_id")),
            "languages",
            Prefetch(
                "at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                    "schedules"
                ),
            ),
        )
    )


def _batches(ids: Iterable[UUID]) -> Iterator[list[UUID]]:
    iterator = iter(ids)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def search_entries_refresh(*, service_ids: Iterable[UUID] | None = None) -> int:
    """Rebuild the entries of these services (all services when None); returns rows written.

    Services no longer public simply get no entries, so closing a service or rejecting an
    organisation takes it out of the search.
    """
    if service_ids is None:
        SearchEntry.objects.all().delete()
        service_ids = list(Service.objects.values_list("pk", flat=True))
    written = 0
    for batch in _batches(service_ids):
        SearchEntry.objects.filter(service_at_location__service_id__in=batch).delete()
        entries = [
            _entry(service, sal) for service in _public(batch) for sal in service.at_locations.all()
        ]
        SearchEntry.objects.bulk_create(entries, batch_size=BATCH)
        written += len(entries)
    return written


def services_at(location: Location) -> list[UUID]:
    """The services whose entries change when this place does."""
    return list(location.at_locations.values_list("service_id", flat=True))
