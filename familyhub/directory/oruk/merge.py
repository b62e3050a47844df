"""Writing one checked ORUK record into our tables, keyed on the publisher's UUIDs.

The publisher is authoritative for what it sends: a collection present in the record (locations,
schedules, cost options, languages, terms) replaces ours; one left out is left alone. Callers
wrap each service in a transaction, so a MergeError undoes that service only.
"""

import datetime as dt
import re
import uuid
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, Protocol

from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify
from pyproj import Transformer

from familyhub.accounts.models import Organisation, Sector
from familyhub.directory.models import (
    BYDAY_CODES,
    CostOption,
    Language,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from familyhub.directory.oruk.serialisers import ACCESSIBILITY, derived_id
from familyhub.places.models import LocalAuthority, LocalitySector, Postcode
from familyhub.places.rules import PostcodeError, normalise_postcode, postcode_sector

_ACCESSIBILITY_FIELDS = {label.lower(): name for name, label in ACCESSIBILITY.items()}


class MergeError(Exception):
    """A record that passed the checks but cannot be merged (e.g. its id belongs elsewhere)."""


class Report(Protocol):
    warnings: list[str]

    def count(self, kind: str, created: bool) -> None: ...


@cache
def _wgs84_to_grid() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def latlon_to_grid(latitude: float, longitude: float) -> tuple[int, int]:
    """WGS84 to British National Grid metres (easting, northing): the reverse of grid_to_latlon."""
    easting, northing = _wgs84_to_grid().transform(longitude, latitude)
    return round(easting), round(northing)


def _owned(model: type[Model], pk: Any, la: LocalAuthority, kind: str) -> Any:
    """The existing row with this id if it is this authority's; MergeError if another's."""
    found = model.objects.filter(pk=pk).first()
    if found is not None and found.local_authority_id != la.code:
        raise MergeError(f"{kind} {pk} already belongs to {found.local_authority_id}")
    return found


def _unique_slug(model: type[Model], la: LocalAuthority, name: str, pk: Any) -> str:
    base = slugify(name)[:180] or "imported"
    taken = model.objects.filter(local_authority=la, slug=base).exclude(pk=pk).exists()
    return f"{base}-{str(pk)[:8]}" if taken else base


def _save(instance: Model, kind: str, created: bool, report: Report) -> None:
    instance.full_clean(exclude=["slug", "local_authority", "organisation", "hub", "locality"])
    instance.save()
    report.count(kind, created)


def merge_organisation(record: dict[str, Any], la: LocalAuthority, report: Report) -> Organisation:
    """Create or update an organisation. Imported ones are APPROVED: an administrator runs the
    import of a publisher they trust, so its services are meant to be public at once."""
    pk = uuid.UUID(record["id"])
    org = _owned(Organisation, pk, la, "organization")
    created = org is None
    if created:
        org = Organisation(id=pk, local_authority=la, sector=Sector.VOLUNTARY)
    org.name = record["name"][:200]
    org.slug = _unique_slug(Organisation, la, org.name, pk)
    org.description = record.get("description") or ""
    org.email = record.get("email") or ""
    org.website = (record.get("website") or "")[:200]
    org.status = Organisation.Status.APPROVED
    try:
        _save(org, "organisations", created, report)
    except Exception as error:  # noqa: BLE001 - reported as the reason the record is skipped
        raise MergeError(f"organization: {error}") from error
    return org


def _organisation_for(record: dict[str, Any], la: LocalAuthority, report: Report) -> Organisation:
    if record.get("organization"):
        return merge_organisation(record["organization"], la, report)
    org = _owned(Organisation, record["organization_id"], la, "organization")
    if org is None:
        raise MergeError(f"organization {record['organization_id']} is not known here")
    return org


def merge_service(record: dict[str, Any], la: LocalAuthority, report: Report) -> Service:
    org = _organisation_for(record, la, report)
    pk = uuid.UUID(record["id"])
    service = _owned(Service, pk, la, "service")
    created = service is None
    if created:
        service = Service(id=pk, local_authority=la, access=Service.Access.SELF_REFER)
    costs = record.get("cost_options")
    fees = (record.get("fees_description") or record.get("fees") or "").strip()
    service.organisation = org
    service.name = record["name"][:200]
    service.description = record["description"]
    service.status = record.get("status") or Service.Status.ACTIVE
    service.url = (record.get("url") or "")[:200]
    service.email = record.get("email") or ""
    service.minimum_age = _whole(record.get("minimum_age"))
    service.maximum_age = _whole(record.get("maximum_age"))
    service.is_free = fees.lower() == "free" or (
        not fees and not any(_amount(c) for c in costs or [])
    )
    service.fees_description = "" if fees.lower() == "free" else fees[:300]
    service.last_checked = _date(record.get("assured_date")) or timezone.localdate()
    phones = record.get("phones") or []
    if phones:
        service.phone = str(phones[0].get("number") or "")[:30]
    try:
        _save(service, "services", created, report)
    except Exception as error:  # noqa: BLE001 - reported as the reason the record is skipped
        raise MergeError(str(error)) from error
    if "service_at_locations" in record:
        _merge_locations(service, record, la, report)
    if costs is not None:
        _merge_costs(service, costs, report)
    if "languages" in record:
        service.languages.set(_languages(record["languages"], report))
    if "attributes" in record:
        service.terms.set(_terms(record["attributes"], la, report))
    return service


def _whole(value: Any) -> int | None:
    return None if value is None else int(value)


def _amount(cost: dict[str, Any]) -> Decimal | None:
    try:
        return Decimal(str(cost["amount"])) if cost.get("amount") is not None else None
    except InvalidOperation:
        return None


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _merge_costs(service: Service, costs: list[dict[str, Any]], report: Report) -> None:
    keep = []
    for cost in costs:
        pk = uuid.UUID(cost["id"])
        row, created = CostOption.objects.update_or_create(
            id=pk,
            defaults={
                "service": service,
                "option": (cost.get("option") or cost.get("amount_description") or "Cost")[:200],
                "amount": _amount(cost),
                "amount_description": (cost.get("amount_description") or "")[:200],
            },
        )
        report.count("cost options", created)
        keep.append(row.pk)
    service.cost_options.exclude(pk__in=keep).delete()


def _languages(items: list[dict[str, Any]], report: Report) -> list[Language]:
    found = []
    for item in items:
        code, name = (item.get("code") or "").strip().lower(), (item.get("name") or "").strip()
        if not code and name:
            match = Language.objects.filter(name__iexact=name).first()
            code = match.code if match else ""
        if not code:
            report.warnings.append(f"language {item.get('id')}: no code or known name, left out")
            continue
        language, created = Language.objects.get_or_create(
            code=code[:10], defaults={"name": (name or code)[:80]}
        )
        if created:
            report.count("languages", True)
        found.append(language)
    return found


def _terms(attributes: list[dict[str, Any]], la: LocalAuthority, report: Report) -> list:
    terms = []
    for attribute in attributes:
        data = attribute.get("taxonomy_term") or {}
        term_id = data.get("id") or attribute.get("taxonomy_term_id")
        if not term_id:
            continue
        term = TaxonomyTerm.objects.filter(pk=term_id).first()
        if term is None and data.get("name"):
            term = _new_term(data, la)
            report.count("taxonomy terms", True)
        if term is None:
            report.warnings.append(f"taxonomy term {term_id} is unknown and has no name")
            continue
        terms.append(term)
    return terms


def _new_term(data: dict[str, Any], la: LocalAuthority) -> TaxonomyTerm:
    name = data.get("taxonomy") or "Imported terms"
    # A taxonomy named but without an id gets one derived from its name, so reruns reuse it.
    taxonomy_id = data.get("taxonomy_id") or derived_id("taxonomy", name)
    taxonomy, _ = Taxonomy.objects.get_or_create(id=taxonomy_id, defaults={"name": name[:200]})
    parent_id = data.get("parent_id")
    return TaxonomyTerm.objects.create(
        id=data["id"],
        taxonomy=taxonomy,
        local_authority=la,
        parent=TaxonomyTerm.objects.filter(pk=parent_id).first() if parent_id else None,
        code=(data.get("code") or "")[:100],
        name=data["name"][:200],
        slug=slugify(data["name"])[:200] or "term",
        description=data.get("description") or "",
        term_uri=(data.get("term_uri") or "")[:200],
    )


def _merge_locations(
    service: Service, record: dict[str, Any], la: LocalAuthority, report: Report
) -> None:
    keep, service_level = [], record.get("schedules") or []
    for item in record["service_at_locations"]:
        if not item.get("location"):
            report.warnings.append(f"service_at_location {item['id']}: no location, left out")
            continue
        place = _merge_location(item["location"], service, la, report)
        sal, created = ServiceAtLocation.objects.update_or_create(
            id=uuid.UUID(item["id"]),
            defaults={"service": service, "location": place,
                      "description": item.get("description") or ""},
        )  # fmt: skip
        report.count("service at locations", created)
        keep.append(sal.pk)
        # Sessions may be given on the service-at-location or on the service naming it.
        sessions = (item.get("schedules") or []) + [
            s for s in service_level if s.get("service_at_location_id") == item["id"]
        ]
        if len(record["service_at_locations"]) == 1:
            sessions += [s for s in service_level if not s.get("service_at_location_id")]
        _merge_schedules(sal, sessions, report)
    service.at_locations.exclude(pk__in=keep).delete()


def _merge_location(
    data: dict[str, Any], service: Service, la: LocalAuthority, report: Report
) -> Location:
    pk = uuid.UUID(data["id"])
    place = _owned(Location, pk, la, "location")
    created = place is None
    if created:
        place = Location(id=pk, local_authority=la, organisation=service.organisation)
    addresses = data.get("addresses") or []
    address = next((a for a in addresses if a.get("address_type") == "physical"), None) or (
        addresses[0] if addresses else {}
    )
    virtual = data.get("location_type") == "virtual"
    place.kind = Location.Kind.VIRTUAL if virtual else (place.kind or Location.Kind.VENUE)
    place.name = (data.get("name") or address.get("address_1") or service.name)[:200]
    place.slug = _unique_slug(Location, la, place.name, pk)
    place.description = data.get("description") or ""
    place.address_1 = (address.get("address_1") or "")[:200]
    place.address_2 = (address.get("address_2") or "")[:200]
    place.city = (address.get("city") or "")[:100]
    access = data.get("accessibility") or []
    descriptions = {str(a.get("description") or "").lower() for a in access}
    for text, name in _ACCESSIBILITY_FIELDS.items():
        setattr(place, name, text in descriptions)
    _place_on_grid(place, address.get("postal_code"), data, report)
    _save(place, "locations", created, report)
    return place


def _place_on_grid(place: Location, raw_postcode: Any, data: dict, report: Report) -> None:
    """Coordinates from our postcode table when we know the postcode, else from the record."""
    place.postcode, known = "", None
    if raw_postcode:
        try:
            place.postcode = normalise_postcode(str(raw_postcode))
            known = Postcode.objects.filter(postcode=place.postcode).first()
        except PostcodeError:
            report.warnings.append(f"location {place.id}: {raw_postcode!r} is not a UK postcode")
    if known is not None:
        place.easting, place.northing = known.easting, known.northing
        place.latitude, place.longitude = known.latitude, known.longitude
        sector = LocalitySector.objects.filter(
            local_authority=place.local_authority_id, sector=postcode_sector(place.postcode)
        ).first()
        place.locality_id = sector.locality_id if sector else place.locality_id
        return
    lat, lon = data.get("latitude"), data.get("longitude")
    if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
        place.latitude, place.longitude = lat, lon
        place.easting, place.northing = latlon_to_grid(lat, lon)
    else:
        if lat is not None or lon is not None:
            report.warnings.append(f"location {place.id}: coordinates {lat}, {lon} are invalid")
        place.easting = place.northing = place.latitude = place.longitude = None


def _merge_schedules(sal: ServiceAtLocation, sessions: list[dict], report: Report) -> None:
    keep = []
    for session in sessions:
        if session.get("opens_at") is None or session.get("freq", "WEEKLY") != "WEEKLY":
            report.warnings.append(
                f"schedule {session['id']}: only weekly sessions with times can be kept"
            )
            continue
        days = [d.strip().upper()[-2:] for d in (session.get("byday") or "").split(",") if d]
        days = [d for d in days if d in BYDAY_CODES]
        if not days:
            report.warnings.append(f"schedule {session['id']}: no day of the week, left out")
            continue
        for code in days:
            # One row per day; a single-day session keeps the publisher's id.
            pk = session["id"] if len(days) == 1 else derived_id("schedule", session["id"], code)
            row, created = Schedule.objects.update_or_create(
                id=pk,
                defaults={
                    "service_at_location": sal,
                    "weekday": BYDAY_CODES.index(code),
                    "opens_at": parse_clock(session["opens_at"]),
                    "closes_at": parse_clock(session["closes_at"]),
                    "description": (session.get("description") or "")[:200],
                    "valid_from": _date(session.get("valid_from")),
                    "valid_to": _date(session.get("valid_to")),
                },
            )
            report.count("schedules", created)
            keep.append(row.pk)
    sal.schedules.exclude(pk__in=keep).delete()


def parse_clock(value: Any) -> dt.time | None:
    """A session time from "hh:mm" or "hh:mm:ss" (an offset after it is ignored), or None."""
    match = re.match(r"^([01][0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?", str(value or ""))
    if not match:
        return None
    return dt.time(int(match[1]), int(match[2]), int(match[3] or 0))
