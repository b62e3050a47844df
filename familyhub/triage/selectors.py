"""Reads for the triage queue and decision pages."""

import datetime as dt
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from familyhub.accounts.models import User
from familyhub.casework.rules import lead_professional_memberships
from familyhub.families.matching import Candidate, find_candidates
from familyhub.frontdoor.models import NeedLevel, RequestPerson, SupportRequest, TriageStandard
from familyhub.triage.rules import Timers, queue_position, timers


def triage_standard_for(local_authority_code: str) -> TriageStandard:
    """The council's standard for its queue's timers; the model's defaults, unsaved, where the
    council has not set one (a page that only reads never writes one)."""
    return TriageStandard.objects.filter(
        local_authority_id=local_authority_code
    ).first() or TriageStandard(local_authority_id=local_authority_code)


def triage_queue(
    local_authority_codes: list[str], *, now: dt.datetime
) -> list[tuple[SupportRequest, Timers]]:
    """Requests waiting for triage in these councils, each with its timers, in queue order."""
    standards = {code: triage_standard_for(code) for code in local_authority_codes}
    waiting = SupportRequest.objects.filter(
        local_authority_id__in=local_authority_codes, status=SupportRequest.Status.NEW
    ).prefetch_related("people")
    rows = [(r, timers(r, standards[r.local_authority_id], now)) for r in waiting]
    rows.sort(key=lambda row: queue_position(*row))
    return rows


def request_get_for_triage(local_authority_codes: list[str], pk: UUID | str) -> SupportRequest:
    """A sent request in one of these councils; Http404 otherwise (drafts are the family's)."""
    found = (
        SupportRequest.objects.exclude(status=SupportRequest.Status.DRAFT)
        .filter(local_authority_id__in=local_authority_codes, pk=pk)
        .select_related("language", "level", "hub", "lead_professional", "family")
        .prefetch_related("people")
        .first()
    )
    if found is None:
        raise Http404
    return found


def levels_of(local_authority_code: str) -> QuerySet[NeedLevel]:
    """The council's continuum of needs."""
    return NeedLevel.objects.filter(local_authority_id=local_authority_code)


def lead_professionals_in(local_authority_code: str) -> QuerySet[User]:
    """Whom a request may be allocated to: the council's lead professionals, by name."""
    return (
        User.objects.filter(memberships__in=lead_professional_memberships(local_authority_code))
        .distinct()
        .order_by("last_name", "first_name")
    )


def people_candidates(
    request: SupportRequest,
) -> list[tuple[RequestPerson, list[Candidate]]]:
    """For each person the request describes, who in the shared record they may already be."""
    return [
        (
            described,
            find_candidates(
                local_authority_code=request.local_authority_id,
                given_name=described.given_name,
                family_name=described.family_name,
                date_of_birth=described.date_of_birth,
                sex=described.sex,
                postcode=request.postcode,
                nhs_number=described.nhs_number,
            ),
        )
        for described in request.people.all()
    ]
