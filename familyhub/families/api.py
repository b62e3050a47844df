"""The read API of the shared family record, mounted at /api/families/ (django-ninja).

The same rules as the record pages, through the same selectors: a family the caller may not see
is a 404, never a 403, and every read is on the audit trail in the same transaction. It is not
under /staff/, so StaffVerificationMiddleware does not guard it: `VerifiedSession` does, and
answers anything but a session verified with an authenticator code with a 401 and no data.
"""

import datetime as dt
import math
from typing import Any
from uuid import UUID

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema
from ninja.security import SessionAuth

from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record, audit_search_hits
from familyhub.families.models import Membership
from familyhub.families.rules import RecordKind, can_see, seen_under_override
from familyhub.families.selectors import (
    chronology_for_family,
    family_get_for_user,
    family_search,
    involvements_of,
    members_of,
)

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100


class VerifiedSession(SessionAuth):
    """The Django session, and only one verified with a second factor, as on the staff pages.

    Ninja's cookie auth checks CSRF for unsafe methods only; this API has none, but keeps the
    check for any added later.
    """

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        is_verified = getattr(user, "is_verified", None)  # set by django_otp's OTPMiddleware
        if user.is_authenticated and is_verified is not None and is_verified():
            return user
        return None


class FamiliesAPI(NinjaAPI):
    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        # Personal data: never kept by a browser or a shared cache.
        response["Cache-Control"] = "no-store"
        return response


api = FamiliesAPI(
    urls_namespace="families-api",
    title="Family Hub: shared family record",
    version="1",
    description=(
        "Read-only. Needs a staff session verified with an authenticator code. What a caller "
        "sees follows the same consent and involvement rules as the record pages; every read is "
        "audited."
    ),
    auth=VerifiedSession(),
    docs_url=None,  # the interactive docs load scripts from a CDN; the JSON document is enough
)


# --- Schemas -----------------------------------------------------------------------------------


class Error(Schema):
    detail: str


class FamilySummary(Schema):
    id: UUID
    reference: str
    name: str
    locality: str | None


class FamilyPage(Schema):
    count: int
    page: int
    per_page: int
    total_pages: int
    results: list[FamilySummary]


class Person(Schema):
    id: UUID
    role: str
    given_name: str
    family_name: str
    date_of_birth: dt.date | None
    due_date: dt.date | None
    sex: str
    nhs_number: str
    languages: list[str]
    interpreter_needed: bool
    send: bool
    ehc_plan: bool


class Relationship(Schema):
    person: UUID
    kind: str
    other: UUID


class InvolvementOut(Schema):
    organisation: str
    role: str
    worker: str | None
    started: dt.date
    ended: dt.date | None


class FamilyDetail(Schema):
    id: UUID
    reference: str
    name: str
    address: list[str]
    locality: str | None
    shared_without_consent: bool
    household: list[Person]
    relationships: list[Relationship]
    involvements: list[InvolvementOut]


class Event(Schema):
    id: UUID
    occurred_on: dt.date
    summary: str
    detail: str
    organisation: str
    # Who an event is about is people data: named only where that part is shared too.
    person: str | None


class ChronologyPage(Schema):
    reference: str
    count: int
    page: int
    per_page: int
    total_pages: int
    results: list[Event]


class Paging(Schema):
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


# --- Helpers -----------------------------------------------------------------------------------


def _page_of(queryset, paging: Paging) -> tuple[list, dict[str, int]]:
    """One page of rows and the envelope's numbers; a page past the end is empty, not an error."""
    page = max(1, paging.page)
    per_page = min(MAX_PER_PAGE, max(1, paging.per_page))
    count = queryset.count()
    offset = (page - 1) * per_page
    rows = list(queryset[offset : offset + per_page]) if offset < count else []
    numbers = {
        "count": count,
        "page": page,
        "per_page": per_page,
        "total_pages": math.ceil(count / per_page),
    }
    return rows, numbers


def _person(membership: Membership) -> dict[str, Any]:
    person = membership.person
    return {
        "id": person.pk,
        "role": membership.role,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth,
        "due_date": person.due_date,
        "sex": person.sex,
        "nhs_number": person.nhs_number,
        "languages": [language.code for language in person.languages.all()],
        "interpreter_needed": person.interpreter_needed,
        "send": person.send,
        "ehc_plan": person.ehc_plan,
    }


def _read(request: HttpRequest, family, kind: str, **details: Any) -> None:
    """The VIEW event the record page writes, marked as read through the API."""
    audit_record(
        actor=request.auth,
        action=AuditEvent.Action.VIEW,
        record=family,
        details={"kinds": [kind], "via": "api", **details},
    )


# --- Endpoints ---------------------------------------------------------------------------------


@api.get("/", response={200: FamilyPage, 401: Error}, summary="Families you work with")
def family_list(request: HttpRequest, paging: Query[Paging], q: str = "") -> dict[str, Any]:
    """Families whose people the caller may see, by name; `q` searches name or reference.
    Each family a search returns is on the audit trail, as on the search page."""
    query = q.strip()[:120]
    with transaction.atomic():
        families = family_search(request.auth, query=query, now=timezone.now())
        rows, numbers = _page_of(families, paging)
        if query:
            audit_search_hits(actor=request.auth, records=rows, query=query)
    results = [
        {
            "id": family.pk,
            "reference": family.reference,
            "name": family.name,
            "locality": family.locality.name if family.locality else None,
        }
        for family in rows
    ]
    return {**numbers, "results": results}


@api.get(
    "/{uuid:family_id}",
    response={200: FamilyDetail, 401: Error, 404: Error},
    summary="A family's people and who is involved",
)
def family_detail(request: HttpRequest, family_id: UUID) -> dict[str, Any]:
    now = timezone.now()
    with transaction.atomic():
        family = family_get_for_user(request.auth, family_id, kind=RecordKind.PEOPLE, now=now)
        members = members_of(family)
        involvements = involvements_of(family)
        under_override = seen_under_override(request.auth, family, now=now)
        _read(request, family, RecordKind.PEOPLE)
    return {
        "id": family.pk,
        "reference": family.reference,
        "name": family.name,
        "address": [
            line
            for line in (family.address_1, family.address_2, family.city, family.postcode)
            if line
        ],
        "locality": family.locality.name if family.locality else None,
        "shared_without_consent": under_override,
        "household": [_person(m) for m in members],
        "relationships": [
            {"person": r.person_id, "kind": r.kind, "other": r.other_id}
            for m in members
            for r in m.person.relationships.all()
        ],
        "involvements": [
            {
                "organisation": i.organisation.name,
                "role": i.role,
                "worker": i.worker.get_full_name() if i.worker else None,
                "started": i.started,
                "ended": i.ended,
            }
            for i in involvements
        ],
    }


@api.get(
    "/{uuid:family_id}/chronology",
    response={200: ChronologyPage, 401: Error, 404: Error},
    summary="A family's chronology, newest first",
)
def family_chronology(
    request: HttpRequest, family_id: UUID, paging: Query[Paging]
) -> dict[str, Any]:
    now = timezone.now()
    with transaction.atomic():
        family = family_get_for_user(request.auth, family_id, kind=RecordKind.CHRONOLOGY, now=now)
        shows_people = can_see(request.auth, family, kind=RecordKind.PEOPLE, now=now)
        events, numbers = _page_of(chronology_for_family(family), paging)
        _read(request, family, RecordKind.CHRONOLOGY, page=numbers["page"])
    results = [
        {
            "id": event.pk,
            "occurred_on": event.occurred_on,
            "summary": event.summary,
            "detail": event.detail,
            "organisation": event.organisation.name,
            "person": str(event.person) if event.person and shows_people else None,
        }
        for event in events
    ]
    return {"reference": family.reference, **numbers, "results": results}


@api.get("/{path:rest}", include_in_schema=False, response={404: Error})
def unknown(request: HttpRequest, rest: str) -> tuple[int, dict[str, str]]:
    # JSON for any other path under the API, not the site's HTML 404; after the auth check.
    return 404, {"detail": "Not Found"}
