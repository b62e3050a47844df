"""Our records as ORUK (HSDS UK profile 3.0) JSON.

Empty values are left out rather than sent as "" or null: the profile's schemas type most fields
as plain strings (null is invalid) and an empty URL or email would fail its formats. Things we
keep as columns rather than rows (phones, addresses, contacts, accessibility, a service's
languages and terms) get ids derived with uuid5 from what they belong to, so they are stable.

The callers prefetch: see `SERVICE_FULL_PREFETCH` and friends in selectors.py.
"""

import uuid
from typing import Any

from familyhub.accounts.models import Organisation
from familyhub.directory.models import (
    BYDAY_CODES,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

# Fixed for ever: changing it would change every derived id we have published.
ORUK_NAMESPACE = uuid.UUID("6f1c3a52-8f0e-4d0b-9a57-3c1d2b7e4f10")

# Location.<field> -> the accessibility description published for it (and read back on import).
ACCESSIBILITY = {
    "step_free": "Step-free access",
    "changing_places": "Changing Places toilet",
    "accessible_toilet": "Accessible toilet",
    "quiet_space": "Quiet space",
    "paper_towels": "Paper towels, no hand dryers",
    "hearing_loop": "Hearing loop",
    "baby_changing": "Baby changing",
    "parking": "Parking nearby",
}


def derived_id(kind: str, *parts: object) -> str:
    """A stable id for something that has no row of its own."""
    return str(uuid.uuid5(ORUK_NAMESPACE, ":".join([kind, *map(str, parts)])))


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if value not in (None, "")}


def organization(org: Organisation) -> dict[str, Any]:
    return _compact({
        "id": str(org.id),
        "name": org.name,
        "description": org.description or org.name,  # required by the profile
        "email": org.email,
        "website": org.website,
    })  # fmt: skip


def _phones(number: str, owner: str, owner_id: object) -> list[dict[str, Any]]:
    if not number:
        return []
    return [{"id": derived_id("phone", owner, owner_id, number), f"{owner}_id": str(owner_id),
             "number": number}]  # fmt: skip


def schedule(session: Schedule, service_id: object) -> dict[str, Any]:
    return _compact({
        "id": str(session.id),
        "service_id": str(service_id),
        "service_at_location_id": str(session.service_at_location_id),
        "freq": "WEEKLY",
        "interval": 1,
        "byday": BYDAY_CODES[session.weekday],
        "opens_at": session.opens_at.strftime("%H:%M:%S"),
        "closes_at": session.closes_at.strftime("%H:%M:%S"),
        "description": session.description,
        "valid_from": session.valid_from and session.valid_from.isoformat(),
        "valid_to": session.valid_to and session.valid_to.isoformat(),
        "dtstart": session.valid_from and session.valid_from.isoformat(),
    })  # fmt: skip


def taxonomy_term(term: TaxonomyTerm) -> dict[str, Any]:
    return _compact({
        "id": str(term.id),
        "name": term.name,
        "description": term.description or term.name,  # required by the profile
        "code": term.code,
        "parent_id": term.parent_id and str(term.parent_id),
        "taxonomy": term.taxonomy.name,
        "taxonomy_id": str(term.taxonomy_id),
        "term_uri": term.term_uri,
        "term": term.code or term.name,
    })  # fmt: skip


def taxonomy(tax: Taxonomy, *, with_terms: bool = False) -> dict[str, Any]:
    out = _compact({
        "id": str(tax.id),
        "name": tax.name,
        "description": tax.description or tax.name,
        "uri": tax.uri,
        "version": tax.version,
    })  # fmt: skip
    if with_terms:
        out["taxonomy_terms"] = [taxonomy_term(term) for term in tax.terms.all()]
    return out


def _attribute(service: Service, term: TaxonomyTerm) -> dict[str, Any]:
    return {
        "id": derived_id("attribute", service.id, term.id),
        "link_id": str(service.id),
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": str(term.id),
        "taxonomy_term": taxonomy_term(term),
    }


def location(place: Location, *, full: bool) -> dict[str, Any]:
    virtual = place.kind == Location.Kind.VIRTUAL
    out = _compact({
        "id": str(place.id),
        "location_type": "virtual" if virtual else "physical",
        "name": place.name,
        "description": place.description,
        "latitude": place.latitude,
        "longitude": place.longitude,
    })  # fmt: skip
    if not full:
        return out
    out["addresses"] = []
    if not virtual and place.address_1 and place.postcode:
        out["addresses"].append(_compact({
            "id": derived_id("address", place.id),
            "location_id": str(place.id),
            "address_1": place.address_1,
            "address_2": place.address_2,
            "city": place.city,
            "postal_code": place.postcode,
            "country": "GB",
            "address_type": "physical",
        # The profile requires city and state_province to be present, even when unknown.
        }) | {"city": place.city, "state_province": ""})  # fmt: skip
    out["accessibility"] = [
        {"id": derived_id("accessibility", place.id, field), "location_id": str(place.id),
         "description": label}
        for field, label in ACCESSIBILITY.items()
        if getattr(place, field)
    ]  # fmt: skip
    if place.nearest_transport:
        out["transportation"] = place.nearest_transport
    return out


def _service_fields(service: Service) -> dict[str, Any]:
    fees = service.fees_description or ("Free" if service.is_free else "")
    return _compact({
        "id": str(service.id),
        "organization_id": str(service.organisation_id),
        "name": service.name,
        "description": service.description,
        "url": service.url,
        "email": service.email,
        "status": service.status,
        "fees": fees,
        "fees_description": fees,
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "assured_date": service.last_checked.isoformat(),
        "last_modified": service.modified.isoformat(),
    }) | {"organization": organization(service.organisation)}  # fmt: skip


def service_list_item(service: Service) -> dict[str, Any]:
    """One item of a /services page: one-to-one fields and the organisation."""
    return _service_fields(service)


def _service_related(service: Service) -> dict[str, Any]:
    at_locations = list(service.at_locations.all())
    contact_phones = _phones(service.phone, "service", service.id)
    contact = _compact({
        "id": derived_id("contact", service.id),
        "service_id": str(service.id),
        "name": service.organisation.name,
        "email": service.email,
    })  # fmt: skip
    return {
        "schedules": [
            schedule(session, service.id) for sal in at_locations for session in sal.schedules.all()
        ],
        "languages": [
            {
                "id": derived_id("language", service.id, lang.code),
                "service_id": str(service.id),
                "name": lang.name,
                "code": lang.code,
            }
            for lang in service.languages.all()
        ],  # fmt: skip
        "phones": contact_phones,
        "contacts": [contact | {"phones": contact_phones}]
        if len(contact) > 3 or contact_phones
        else [],
        "cost_options": [
            _compact(
                {
                    "id": str(cost.id),
                    "service_id": str(service.id),
                    "option": cost.option,
                    "amount": float(cost.amount) if cost.amount is not None else None,
                    "currency": "GBP" if cost.amount is not None else None,
                    "amount_description": cost.amount_description,
                }
            )
            for cost in service.cost_options.all()
        ],  # fmt: skip
        "attributes": [_attribute(service, term) for term in service.terms.all()],
    }


def service_full(service: Service) -> dict[str, Any]:
    """A fully nested service, as /services/{id} answers."""
    out = _service_fields(service) | _service_related(service)
    out["service_at_locations"] = [
        service_at_location_nested(sal, service) for sal in service.at_locations.all()
    ]
    return out


def service_at_location_nested(sal: ServiceAtLocation, service: Service) -> dict[str, Any]:
    return _compact({
        "id": str(sal.id),
        "service_id": str(service.id),
        "location_id": str(sal.location_id),
        "description": sal.description,
    }) | {
        "location": location(sal.location, full=True),
        "schedules": [schedule(session, service.id) for session in sal.schedules.all()],
    }  # fmt: skip


def service_at_location_list_item(sal: ServiceAtLocation) -> dict[str, Any]:
    return _compact({
        "id": str(sal.id),
        "service_id": str(sal.service_id),
        "location_id": str(sal.location_id),
        "description": sal.description,
    }) | {
        "location": location(sal.location, full=False),
        "service": service_list_item(sal.service),
    }  # fmt: skip


def service_at_location_full(sal: ServiceAtLocation) -> dict[str, Any]:
    """A fully nested service at a location: the place, its sessions, and the whole service."""
    service = sal.service
    return service_at_location_nested(sal, service) | {
        "service": _service_fields(service) | _service_related(service)
    }
