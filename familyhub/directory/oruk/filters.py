"""The ORUK query parameters: parsing what a consumer sent, and filtering public records by it.

Parameters arrive as strings so that every wrong value gets one of our messages (as a 400) rather
than a framework's; a typed parameter sent empty is wrong too (as the served document says).
The rules follow the contract's words, noted at each filter.
"""

import datetime as dt
import math
import re
import uuid
from dataclasses import dataclass

from django.db.models import Exists, F, FloatField, OuterRef, Q, QuerySet
from django.db.models.functions import Cast

from familyhub.accounts.models import Organisation
from familyhub.directory.models import (
    BYDAY_CODES,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from familyhub.directory.oruk.openapi import PROXIMITY_PATTERN, TIME_PATTERN
from familyhub.places.rules import PostcodeError
from familyhub.places.selectors import postcode_get

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
# Ages beyond what a PositiveSmallIntegerField holds match nothing; clamping keeps the SQL valid.
_AGE_LIMIT = 32768
# Further than any two points in Great Britain: a larger proximity changes nothing.
_MAX_PROXIMITY = 2_000_000
# Longer than any real search; each word becomes a condition, so a limit keeps the SQL bounded.
SEARCH_MAX_LENGTH = 200


class BadParameter(ValueError):
    """A query parameter we cannot use, with a message saying which and why."""


@dataclass(frozen=True)
class Filters:
    search: str = ""
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    day: int | None = None


def parse_uuid(raw: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except (ValueError, AttributeError, TypeError):
        raise BadParameter(
            f"{name} must be a UUID, like 2989d3ed-c547-48f8-8f9d-432d81c7892e"
        ) from None


def parse_int(raw: str | None, name: str, default: int) -> int:
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number") from None


def _number(raw: str | None, name: str) -> float | None:
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a number of years") from None
    if not math.isfinite(value):
        raise BadParameter(f"{name} must be a finite number of years")
    return value


def _time(raw: str | None, name: str) -> dt.time | None:
    if raw is None:
        return None
    if not re.fullmatch(TIME_PATTERN, raw):
        raise BadParameter(f"{name} must be a time of day, like 09:30 or 09:30:00")
    # Sessions are kept in UK wall-clock time, so an offset, if given, is not converted.
    hours, minutes, seconds = int(raw[0:2]), int(raw[3:5]), 0
    if len(raw) >= 8 and raw[5] == ":":
        seconds = min(int(raw[6:8]), 59)  # a leap second counts as the 59th
    return dt.time(hours, minutes, seconds)


def _day(raw: str | None) -> int | None:
    if raw is None:
        return None
    if raw.upper() not in BYDAY_CODES:
        raise BadParameter("day must be one of " + ", ".join(BYDAY_CODES))
    return BYDAY_CODES.index(raw.upper())


def _search(raw: str | None) -> str:
    text = (raw or "").strip()
    if len(text) > SEARCH_MAX_LENGTH:
        raise BadParameter(f"search must be {SEARCH_MAX_LENGTH} characters or fewer")
    return text


def parse_filters(params: dict[str, str | None]) -> Filters:
    """The contract's service filters from raw query parameters, or BadParameter."""
    term = params.get("taxonomy_term_id")
    taxonomy = params.get("taxonomy_id")
    return Filters(
        search=_search(params.get("search")),
        taxonomy_term_id=parse_uuid(term, "taxonomy_term_id") if term is not None else None,
        taxonomy_id=parse_uuid(taxonomy, "taxonomy_id") if taxonomy is not None else None,
        minimum_age=_number(params.get("minimum_age"), "minimum_age"),
        maximum_age=_number(params.get("maximum_age"), "maximum_age"),
        start_time=_time(params.get("start_time"), "start_time"),
        end_time=_time(params.get("end_time"), "end_time"),
        day=_day(params.get("day")),
    )


def public_services() -> QuerySet[Service]:
    """What anyone may see: active services of approved organisations."""
    return Service.objects.filter(
        status=Service.Status.ACTIVE, organisation__status=Organisation.Status.APPROVED
    )


def public_service_at_locations() -> QuerySet[ServiceAtLocation]:
    return ServiceAtLocation.objects.filter(service__in=public_services())


def _clamp(value: float) -> int:
    return int(max(-1, min(_AGE_LIMIT, value)))


def _service_conditions(filters: Filters, prefix: str, service_ref: OuterRef) -> Q:
    """Conditions on a service, reached through `prefix` ("" or "service__")."""
    q = Q()
    for word in filters.search.split():
        in_name = Q(**{f"{prefix}name__icontains": word})
        q &= in_name | Q(**{f"{prefix}description__icontains": word})
    if filters.taxonomy_term_id:
        q &= Q(Exists(TaxonomyTerm.services.through.objects.filter(
            service_id=service_ref, taxonomyterm_id=filters.taxonomy_term_id
        )))  # fmt: skip
    if filters.taxonomy_id:
        q &= Q(Exists(TaxonomyTerm.services.through.objects.filter(
            service_id=service_ref, taxonomyterm__taxonomy_id=filters.taxonomy_id
        )))  # fmt: skip
    if filters.minimum_age is not None:
        # "A minimum age of at least the value": no minimum counts as 0. Ages are whole years,
        # so "at least 4.5" is "at least 5".
        least = _clamp(math.ceil(filters.minimum_age))
        condition = Q(**{f"{prefix}minimum_age__gte": least})
        if least <= 0:
            condition |= Q(**{f"{prefix}minimum_age__isnull": True})
        q &= condition
    if filters.maximum_age is not None:
        # "A maximum age at or below the value": no maximum means no limit, so never matches.
        q &= Q(**{f"{prefix}maximum_age__lte": _clamp(math.floor(filters.maximum_age))})
    return q


def _schedule_condition(filters: Filters) -> Q | None:
    """Start time, end time and day must all hold for one and the same session."""
    q = Q()
    if filters.start_time is not None:
        q &= Q(opens_at__gte=filters.start_time)  # "a start time of at least the value"
    if filters.end_time is not None:
        q &= Q(closes_at__lte=filters.end_time)  # "an end time at or below the value"
    if filters.day is not None:
        q &= Q(weekday=filters.day)
    return q or None


def filter_services(qs: QuerySet[Service], filters: Filters) -> QuerySet[Service]:
    qs = qs.filter(_service_conditions(filters, "", OuterRef("pk")))
    sessions = _schedule_condition(filters)
    if sessions is not None:
        qs = qs.filter(Exists(Schedule.objects.filter(
            sessions, service_at_location__service=OuterRef("pk")
        )))  # fmt: skip
    return qs


def filter_service_at_locations(
    qs: QuerySet[ServiceAtLocation], filters: Filters
) -> QuerySet[ServiceAtLocation]:
    qs = qs.filter(_service_conditions(filters, "service__", OuterRef("service_id")))
    sessions = _schedule_condition(filters)
    if sessions is not None:
        # The sessions at this very place, not anywhere the service runs.
        here = Schedule.objects.filter(sessions, service_at_location=OuterRef("pk"))
        qs = qs.filter(Exists(here))
    return qs


def near_postcode(
    qs: QuerySet[ServiceAtLocation], postcode: str | None, proximity: str | None
) -> QuerySet[ServiceAtLocation]:
    """Nearest first from the postcode's centroid; only within `proximity` metres if given.

    Distance is grid arithmetic on easting/northing (metres): a bounding box on the indexed
    columns narrows the rows before the squared distance is compared and ordered by.
    """
    # Typed parameters that are present but empty are wrong, as the served document says.
    if proximity is not None and not postcode:
        raise BadParameter("proximity needs a postcode to measure from")
    if not postcode:
        return qs
    try:
        centre = postcode_get(postcode)
    except PostcodeError as error:
        raise BadParameter(f"postcode: {error}") from None
    e0, n0 = centre.easting, centre.northing
    # Floats, so that squares of distances across the country cannot overflow 32-bit integers.
    dx = Cast(F("location__easting"), FloatField()) - float(e0)
    dy = Cast(F("location__northing"), FloatField()) - float(n0)
    qs = qs.filter(location__easting__isnull=False, location__northing__isnull=False)
    qs = qs.annotate(distance2=dx * dx + dy * dy)
    if proximity is not None:
        if not re.fullmatch(PROXIMITY_PATTERN, proximity):
            raise BadParameter("proximity must be a distance in metres, like 1600")
        radius = min(float(proximity), _MAX_PROXIMITY)
        reach = math.ceil(radius)
        qs = qs.filter(
            location__easting__range=(e0 - reach, e0 + reach),
            location__northing__range=(n0 - reach, n0 + reach),
            distance2__lte=radius * radius,
        )
    return qs.order_by("distance2", "service__name", "pk")
