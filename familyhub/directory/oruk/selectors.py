"""What each answer of the ORUK API reads: public records only, each kind fetched in a fixed
number of queries whatever the page size. Filtering by the query's parameters is filters.py's."""

from django.db.models import Prefetch, QuerySet

from familyhub.directory.models import Schedule, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from familyhub.directory.oruk.filters import (
    Filters,
    filter_service_at_locations,
    filter_services,
    near_postcode,
    public_service_at_locations,
    public_services,
)

SCHEDULES_IN_ORDER = Schedule.objects.order_by("weekday", "opens_at")
SERVICE_FULL_PREFETCH: list[str | Prefetch] = [
    Prefetch(
        "at_locations",
        queryset=ServiceAtLocation.objects.select_related("location").order_by("location__name"),
    ),
    Prefetch("at_locations__schedules", queryset=SCHEDULES_IN_ORDER),
    "languages",
    Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy")),
    "cost_options",
]


def _nested(prefetch: Prefetch) -> Prefetch:
    return Prefetch(f"service__{prefetch.prefetch_through}", queryset=prefetch.queryset)


def oruk_services(filters: Filters) -> QuerySet[Service]:
    qs = filter_services(public_services(), filters)
    return qs.select_related("organisation").order_by("name", "pk")


def oruk_services_full() -> QuerySet[Service]:
    return public_services().select_related("organisation").prefetch_related(*SERVICE_FULL_PREFETCH)


def oruk_service_at_locations(
    filters: Filters, *, postcode: str | None, proximity: str | None
) -> QuerySet[ServiceAtLocation]:
    qs = filter_service_at_locations(public_service_at_locations(), filters)
    qs = qs.select_related("service__organisation", "location").order_by("service__name", "pk")
    return near_postcode(qs, postcode, proximity)


def oruk_service_at_locations_full() -> QuerySet[ServiceAtLocation]:
    return (
        public_service_at_locations()
        .select_related("service__organisation", "location")
        .prefetch_related(
            Prefetch("schedules", queryset=SCHEDULES_IN_ORDER),
            *[f"service__{p}" if isinstance(p, str) else _nested(p) for p in SERVICE_FULL_PREFETCH],
        )
    )


def oruk_taxonomies() -> QuerySet[Taxonomy]:
    return Taxonomy.objects.order_by("name", "pk")


def oruk_taxonomies_full() -> QuerySet[Taxonomy]:
    terms = Prefetch("terms", queryset=TaxonomyTerm.objects.select_related("taxonomy"))
    return Taxonomy.objects.prefetch_related(terms)


def oruk_taxonomy_terms() -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.select_related("taxonomy").order_by("taxonomy__name", "name", "pk")
