"""Reads of the directory that pages, the API and other apps share."""

import datetime as dt
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import F, FloatField, Prefetch, Q, QuerySet
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404

from familyhub.accounts.models import Organisation, Role, User
from familyhub.directory.models import Location, Schedule, SearchEntry, Service, ServiceAtLocation
from familyhub.directory.rules import AGE_BANDS
from familyhub.directory.search_index import token
from familyhub.places.models import LocalAuthority, Locality, LocalitySector, Postcode
from familyhub.places.rules import METRES_PER_MILE, grid_distance, postcode_sector

DELIVERY_KINDS = {
    "hub": Location.Kind.MAIN_HUB,
    "spoke": Location.Kind.SPOKE,
    "bus": Location.Kind.BUS_STOP,
}


def public_services() -> QuerySet[Service]:
    """Services the public may see: active, from an approved organisation."""
    return Service.objects.filter(
        status=Service.Status.ACTIVE, organisation__status=Organisation.Status.APPROVED
    )


@dataclass
class DirectorySearch:
    """What a family asked for. Empty fields do not filter."""

    postcode: Postcode | None = None
    distance_miles: int = 5
    keywords: str = ""
    categories: list[UUID] = field(default_factory=list)  # taxonomy term ids
    age_band: str = ""
    languages: list[str] = field(default_factory=list)
    cost: str = ""
    delivery: list[str] = field(default_factory=list)
    access: list[str] = field(default_factory=list)
    day: int | None = None
    features: list[str] = field(default_factory=list)


def _any_token(kind: str, values: list) -> Q:
    """At least one of the values among the entry's facets."""
    wanted = Q()
    for value in values:
        wanted |= Q(facets__contains=token(kind, value))
    return wanted


def _age_filter(band: str) -> Q:
    if band == "pregnancy":
        return Q(for_pregnancy=True)
    low, high = AGE_BANDS[band]
    # Overlap: the service's range touches the band; a blank end means no limit, except for a
    # service only for expectant parents (no ages given), which has no children's ages at all.
    pregnancy_only = Q(for_pregnancy=True, minimum_age__isnull=True, maximum_age__isnull=True)
    return (
        (Q(minimum_age__isnull=True) | Q(minimum_age__lte=high))
        & (Q(maximum_age__isnull=True) | Q(maximum_age__gte=low))
        & ~pregnancy_only
    )


def _delivery_filter(choices: list[str]) -> Q:
    wanted = Q()
    kinds = [DELIVERY_KINDS[c] for c in choices if c in DELIVERY_KINDS]
    if kinds:
        wanted |= Q(kind__in=kinds)
    if "online" in choices:
        wanted |= Q(online=True)
    if "phone" in choices:
        wanted |= Q(by_phone=True)
    return wanted


def _nearby(postcode: Postcode, miles: int) -> Q:
    """Places within the distance, and online provision of the postcode's own council.

    The square around the point lets the database use the grid index before the exact circle
    (on the `distance_squared` annotation) is checked.
    """
    radius = miles * METRES_PER_MILE
    e, n = postcode.easting, postcode.northing
    in_circle = Q(
        easting__range=(e - radius, e + radius),
        northing__range=(n - radius, n + radius),
        distance_squared__lte=radius * radius,
    )
    online_here = Q(kind=Location.Kind.VIRTUAL, local_authority_code=postcode.local_authority_code)
    return in_circle | online_here


def directory_search(search: DirectorySearch) -> QuerySet[SearchEntry]:
    """Each place a matching service is offered, nearest first when a postcode is given.

    Reads only the search index, which holds all a result shows.
    """
    entries = SearchEntry.objects.all()
    for word in search.keywords.lower().split()[:6]:
        entries = entries.filter(text__contains=word)
    if search.categories:
        entries = entries.filter(_any_token("c", [term_id.hex for term_id in search.categories]))
    if search.age_band:
        entries = entries.filter(_age_filter(search.age_band))
    if search.languages:
        entries = entries.filter(_any_token("l", search.languages))
    if search.cost:
        entries = entries.filter(is_free=search.cost == "free")
    if search.delivery:
        entries = entries.filter(_delivery_filter(search.delivery))
    if search.access:
        entries = entries.filter(access__in=search.access)
    if search.day is not None:
        entries = entries.filter(facets__contains=token("d", search.day))
    for feature in search.features:
        entries = entries.filter(facets__contains=token("f", feature))

    entries = entries.defer("text", "facets")
    if search.postcode is None:
        return entries.order_by("service_name", "location_name", "pk")
    e, n = search.postcode.easting, search.postcode.northing
    dx = Cast(F("easting"), FloatField()) - e
    dy = Cast(F("northing"), FloatField()) - n
    entries = entries.annotate(distance_squared=dx * dx + dy * dy).filter(
        _nearby(search.postcode, search.distance_miles)
    )
    return entries.order_by(
        F("distance_squared").asc(nulls_last=True), "service_name", "location_name", "pk"
    )


@dataclass(frozen=True)
class ServingArea:
    """Who serves a postcode: its locality, that locality's main hub, and the nearest site."""

    postcode: Postcode
    locality: Locality | None
    main_hub: Location | None
    nearest_site: Location | None
    nearest_site_metres: float | None


# What routing and the "your Family Hub" panel need of a site; a borough may have hundreds.
SITE_FIELDS = [
    "name",
    "kind",
    "easting",
    "northing",
    "locality__name",
    "locality__slug",
    "locality__local_authority__slug",
]


def postcode_served_by(postcode: Postcode) -> ServingArea:
    """Which locality and hubs serve this postcode. Other apps use this to route families.

    The locality comes from the postcode's sector; where a sector has not been assigned, the
    locality of the nearest hub site stands in, so that every address gets a locality.
    """
    sites = list(
        Location.objects.filter(
            local_authority_id=postcode.local_authority_code,
            kind__in=[Location.Kind.MAIN_HUB, Location.Kind.SPOKE],
            easting__isnull=False,
        )
        .select_related("locality__local_authority")
        .only(*SITE_FIELDS)
    )
    nearest = min(
        sites,
        key=lambda s: grid_distance(
            s.easting,  # type: ignore[arg-type]  # sites without a grid reference are left out
            s.northing,  # type: ignore[arg-type]
            postcode.easting,
            postcode.northing,
        ),
        default=None,
    )
    sector = (
        LocalitySector.objects.filter(
            local_authority_id=postcode.local_authority_code,
            sector=postcode_sector(postcode.postcode),
        )
        .select_related("locality__local_authority")
        .first()
    )
    locality = sector.locality if sector else (nearest.locality if nearest else None)
    main_hub = next(
        (
            s
            for s in sites
            if s.kind == Location.Kind.MAIN_HUB and s.locality_id == getattr(locality, "pk", None)
        ),
        None,
    )
    distance = (
        grid_distance(
            nearest.easting,  # type: ignore[arg-type]  # a site with a grid reference, as above
            nearest.northing,  # type: ignore[arg-type]
            postcode.easting,
            postcode.northing,
        )
        if nearest
        else None
    )
    return ServingArea(postcode, locality, main_hub, nearest, distance)


def service_get_public(pk: UUID | str) -> Service:
    return get_object_or_404(
        public_services()
        .select_related("organisation", "local_authority")
        .prefetch_related(
            "languages",
            "terms",
            "cost_options",
            Prefetch(
                "at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                    Prefetch("schedules", queryset=Schedule.objects.order_by("weekday", "opens_at"))
                ),
            ),
        ),
        pk=pk,
    )


def runs_on(schedule: Schedule, date: dt.date) -> bool:
    """Whether a weekly session takes place on a given date."""
    return (
        schedule.weekday == date.weekday()
        and (schedule.valid_from is None or schedule.valid_from <= date)
        and (schedule.valid_to is None or date <= schedule.valid_to)
    )


def week_at(location: Location, *, today: dt.date) -> list[tuple[dt.date, list[Schedule]]]:
    """What's on at a place over the next seven days, from today, day by day."""
    sessions = list(
        Schedule.objects.filter(
            service_at_location__location=location,
            service_at_location__service__in=public_services(),
        )
        .select_related("service_at_location__service")
        .order_by("opens_at")
    )
    days = [today + dt.timedelta(days=offset) for offset in range(7)]
    return [(date, [s for s in sessions if runs_on(s, date)]) for date in days]


@dataclass(frozen=True)
class BusStopVisit:
    when: dt.datetime
    until: dt.time
    stop: Location
    description: str


def bus_visits(*, now: dt.datetime, days: int = 7) -> list[BusStopVisit]:
    """Where the outreach bus will be, from now on, over the coming days, in time order."""
    schedules = Schedule.objects.filter(
        service_at_location__location__kind=Location.Kind.BUS_STOP,
        service_at_location__service__in=public_services(),
    ).select_related("service_at_location__location")
    visits = []
    for offset in range(days + 1):
        date = now.date() + dt.timedelta(days=offset)
        for schedule in schedules:
            if not runs_on(schedule, date):
                continue
            if offset == 0 and schedule.closes_at <= now.time():
                continue  # already gone today
            start = dt.datetime.combine(date, schedule.opens_at, tzinfo=now.tzinfo)
            visits.append(
                BusStopVisit(
                    start,
                    schedule.closes_at,
                    schedule.service_at_location.location,
                    schedule.description,
                )
            )
    return sorted(visits, key=lambda v: v.when)


# Places, areas and partners, for their public pages


def location_get_public(pk: UUID | str) -> Location:
    return get_object_or_404(
        Location.objects.select_related("locality__local_authority", "hub", "organisation"), pk=pk
    )


def spokes_of(location: Location) -> list[Location]:
    """A main hub's spokes; nothing for any other place."""
    if location.kind != Location.Kind.MAIN_HUB:
        return []
    return list(location.spokes.order_by("name"))


def locality_get(la_slug: str, slug: str) -> Locality:
    return get_object_or_404(
        Locality.objects.select_related("local_authority"),
        local_authority__slug=la_slug,
        slug=slug,
    )


def hub_sites_in(locality: Locality) -> list[Location]:
    """The locality's main hubs and spokes."""
    return list(
        locality.locations.filter(kind__in=[Location.Kind.MAIN_HUB, Location.Kind.SPOKE]).order_by(
            "kind", "name"
        )
    )


def localities_beside(locality: Locality) -> QuerySet[Locality]:
    """The council's other localities."""
    return locality.local_authority.localities.exclude(pk=locality.pk)


def organisation_get_public(pk: UUID | str) -> Organisation:
    return get_object_or_404(
        Organisation.objects.filter(status=Organisation.Status.APPROVED), pk=pk
    )


def public_services_of(organisation: Organisation) -> QuerySet[Service]:
    return public_services().filter(organisation=organisation).order_by("name")


# The editors' and managers' pages


def organisation_get(pk: UUID | str) -> Organisation:
    return get_object_or_404(Organisation, pk=pk)


def service_get(pk: UUID | str) -> Service:
    return get_object_or_404(Service.objects.select_related("organisation"), pk=pk)


def schedule_get(pk: UUID | str) -> Schedule:
    return get_object_or_404(Schedule.objects.select_related("service_at_location__service"), pk=pk)


def venue_get(pk: UUID | str) -> Location:
    """An organisation's own venue (not a Family Hub site, which the council keeps)."""
    return get_object_or_404(Location, pk=pk, organisation__isnull=False)


def organisations_edited_by(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        memberships__user=user, memberships__role=Role.DIRECTORY_EDITOR
    ).prefetch_related("services", "locations")


def organisations_pending(local_authorities: list[LocalAuthority]) -> QuerySet[Organisation]:
    """Organisations waiting for a manager of these councils to approve them, with who asked."""
    return Organisation.objects.filter(
        local_authority__in=local_authorities, status=Organisation.Status.PENDING
    ).select_related("application")


def services_stale(
    local_authorities: list[LocalAuthority], *, checked_before: dt.date
) -> QuerySet[Service]:
    """These councils' services last checked before the date, the longest unchecked first."""
    return (
        Service.objects.filter(
            local_authority__in=local_authorities, last_checked__lt=checked_before
        )
        .select_related("organisation")
        .order_by("last_checked")
    )


def locations_offerable_by(organisation: Organisation) -> QuerySet[Location]:
    """An organisation runs services at its own venues and at any Family Hub site or online."""
    return (
        Location.objects.filter(local_authority=organisation.local_authority)
        .filter(
            Q(organisation=organisation)
            | Q(kind__in=[Location.Kind.MAIN_HUB, Location.Kind.SPOKE, Location.Kind.VIRTUAL])
        )
        .order_by("name")
    )


def service_location_ids(service: Service) -> list[UUID]:
    """Where a saved service is offered; nowhere for a new one."""
    return [sal.location_id for sal in service.at_locations.all()] if service.pk else []


def service_places(service: Service) -> QuerySet[ServiceAtLocation]:
    """Where a service is offered, each with its sessions."""
    return service.at_locations.select_related("location").prefetch_related("schedules")
