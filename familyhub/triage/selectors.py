"""Reads for the triage queue and decision pages."""

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from familyhub.accounts.models import Organisation, User
from familyhub.casework.models import Episode
from familyhub.casework.rules import lead_professional_memberships
from familyhub.directory.models import Location, Service
from familyhub.directory.selectors import (
    DirectorySearch,
    directory_search,
    postcode_served_by,
    public_services,
)
from familyhub.families.matching import find_candidates
from familyhub.families.models import Family, Person
from familyhub.families.models import Membership as HouseholdMember
from familyhub.families.rules import RecordKind, consent_coverage, organisation_covered
from familyhub.frontdoor.models import NeedLevel, RequestPerson, SupportRequest, TriageStandard
from familyhub.places.models import Postcode
from familyhub.places.rules import PostcodeError
from familyhub.places.selectors import postcode_get
from familyhub.socialcare.models import HandoverAnswer
from familyhub.triage.models import PendingJoin, Signpost
from familyhub.triage.rules import (
    ALLOCATION_HUB_KINDS,
    JOIN_DECIDER_ROLES,
    Timers,
    queue_position,
    request_sharing,
    timers,
)


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
    waiting = (
        SupportRequest.objects.filter(
            local_authority_id__in=local_authority_codes, status=SupportRequest.Status.NEW
        )
        # Children's social care sent it back: triage decides again, reading the advice.
        .annotate(
            returned_by_social_care=Exists(HandoverAnswer.objects.filter(request=OuterRef("pk")))
        )
        .prefetch_related("people")
    )
    rows: list[tuple[SupportRequest, Timers]] = [
        (r, timers(r, standards[r.local_authority_id], now)) for r in waiting
    ]
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
    """Whom a request may be allocated to: the council's lead professionals, by name, each with
    `open_episodes`, the episodes they lead now, so triage can share the work fairly."""
    open_episodes = (
        Episode.objects.filter(lead_professional=OuterRef("pk"), status=Episode.Status.OPEN)
        .order_by()
        .values("lead_professional")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        User.objects.filter(memberships__in=lead_professional_memberships(local_authority_code))
        .distinct()
        .annotate(open_episodes=Coalesce(Subquery(open_episodes), 0))
        .order_by("last_name", "first_name")
    )


def join_deciders_in(local_authority_code: str) -> QuerySet[User]:
    """Who decides the council's waiting joins and so is told of a new one: its locality
    managers with an address, once each."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__role__in=JOIN_DECIDER_ROLES,
            memberships__organisation__local_authority_id=local_authority_code,
        )
        .exclude(email="")
        .distinct()
        .order_by("email")
    )


@dataclass(frozen=True)
class Offered:
    """What triage is shown of somebody who may be a person in the request: enough to decide
    whether to ask the family, no more. Their initials (the request already has the full name,
    and the reasons say how the names agree), their year of birth and their household's
    reference (to look the household up, where triage may see it). Not their full name, date
    of birth, address or NHS number: a false match would show a stranger's."""

    person: Person
    score: float
    reasons: list[str]
    initials: str
    born_year: int | None
    households: list[str]


def _initials(person: Person) -> str:
    parts = f"{person.given_name} {person.family_name}".split()
    return " ".join(f"{part[0]}." for part in parts)


def people_candidates(request: SupportRequest) -> list[tuple[RequestPerson, list[Offered]]]:
    """For each person the request describes, who in the shared record they may already be:
    only those likely on their names as well as their birthday (families.matching)."""
    found = [
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
    households: dict[UUID, list[str]] = {}
    memberships = HouseholdMember.objects.filter(
        person__in=[c.person for _, candidates in found for c in candidates]
    ).values_list("person_id", "family__reference")
    for person_id, reference in memberships.order_by("family__reference"):
        households.setdefault(person_id, []).append(reference)
    return [
        (
            described,
            [
                Offered(
                    person=c.person,
                    score=c.score,
                    reasons=c.reasons,
                    initials=_initials(c.person),
                    born_year=c.person.date_of_birth.year if c.person.date_of_birth else None,
                    households=households.get(c.person.pk, []),
                )
                for c in candidates
            ],
        )
        for described, candidates in found
    ]


def household_of(people: list[Person]) -> Family | None:
    """The household a request joins through the people triage matched: the first one of
    theirs, or None where none of them is in one."""
    membership = (
        HouseholdMember.objects.filter(person__in=people)
        .select_related("family", "family__hub", "family__hub__organisation")
        .order_by("family__reference")
        .first()
    )
    return membership.family if membership else None


def pending_joins(local_authority_codes: list[str]) -> QuerySet[PendingJoin]:
    """Joins waiting for a locality manager in these councils, oldest first."""
    return PendingJoin.objects.filter(
        request__local_authority_id__in=local_authority_codes,
        status=PendingJoin.Status.PENDING,
    ).select_related("request", "family", "lead_professional", "asked_by", "level")


def pending_join_get(local_authority_codes: list[str], pk: UUID | str) -> PendingJoin:
    """A join in one of these councils (decided or not); Http404 otherwise."""
    found = (
        PendingJoin.objects.filter(request__local_authority_id__in=local_authority_codes, pk=pk)
        .select_related(
            "request", "family", "lead_professional", "asked_by", "level", "triage_organisation"
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


def pending_join_for(request: SupportRequest) -> PendingJoin | None:
    """The join this request waits on, if any."""
    return PendingJoin.objects.filter(request=request, status=PendingJoin.Status.PENDING).first()


@dataclass(frozen=True)
class JoinDifference:
    """Where a household's consent and a request's answer part: organisation names."""

    household_only: list[str]
    request_only: list[str]
    lead_covered: bool


def join_difference(pending: PendingJoin, *, now: dt.datetime) -> JoinDifference:
    """What a locality manager weighs: whom only the household's consent shares with, whom
    only the request's answer would, and whether the lead professional could see the record."""
    coverage = consent_coverage(pending.family, now=now)
    lead = (
        lead_professional_memberships(pending.request.local_authority_id)
        .filter(user=pending.lead_professional)
        .select_related("organisation")
        .first()
    )
    lead_organisation = lead.organisation if lead else pending.triage_organisation
    asked = request_sharing(
        pending.request,
        pending.triage_organisation,
        lead_organisation,
        pending.hub or pending.family.hub,
    )
    lead_covered = lead is not None and organisation_covered(
        pending.family, lead.organisation, kind=RecordKind.PEOPLE, now=now
    )
    household = set(coverage)
    names = dict(Organisation.objects.filter(pk__in=household).values_list("pk", "name"))
    return JoinDifference(
        household_only=sorted(names[pk] for pk in household - {o.pk for o in asked}),
        request_only=sorted(o.name for o in asked if o.pk not in household),
        lead_covered=lead_covered,
    )


def recently_decided(
    local_authority_codes: list[str], *, since: dt.datetime, limit: int = 10
) -> QuerySet[SupportRequest]:
    """Requests of these councils decided since the given time, the newest decision first: so
    triage can find a decision again once its request has left the queue."""
    return (
        SupportRequest.objects.filter(
            local_authority_id__in=local_authority_codes, decided_at__gte=since
        )
        .select_related("level", "decided_by", "lead_professional", "locality")
        .order_by("-decided_at")[:limit]
    )


def episode_from(request: SupportRequest) -> Episode | None:
    """The early help episode the request's allocation opened (or joined), if any."""
    if request.family_id is None:
        return None
    return (
        Episode.objects.filter(family_id=request.family_id)
        .select_related("lead_professional")
        .order_by("-opened_on", "-created")
        .first()
    )


def hubs_of(local_authority_code: str) -> QuerySet[Location]:
    """The council's family hubs a request may be allocated to, by locality, then name."""
    return (
        Location.objects.filter(
            local_authority_id=local_authority_code, kind__in=ALLOCATION_HUB_KINDS
        )
        .select_related("locality", "organisation")
        .order_by("locality__name", "name")
    )


def _known_postcode(request: SupportRequest) -> Postcode | None:
    try:
        return postcode_get(request.postcode) if request.postcode else None
    except PostcodeError:
        return None


def hub_serving(request: SupportRequest) -> Location | None:
    """The family hub of the locality that serves the request's postcode (as a new household is
    placed, families.services.family_create): triage's choice until it makes another."""
    postcode = _known_postcode(request)
    return postcode_served_by(postcode).main_hub if postcode is not None else None


# How far, and how many, services the signposting shortlist offers: near the family, or, where
# triage searched for others, as far as a borough reaches.
SHORTLIST_MILES = 3
SEARCH_MILES = 20
SHORTLIST_LENGTH = 10


def signpost_shortlist(request: SupportRequest, *, words: str = "") -> list[Service]:
    """Live services of the request's council to send a signposted family: the nearest to the
    family's postcode first (with the council's online offer), through the directory's own
    search; where triage searched, those with the `words`, further afield. Alphabetical
    without a known postcode."""
    postcode = _known_postcode(request)
    miles = SEARCH_MILES if words.strip() else SHORTLIST_MILES
    entries = directory_search(
        DirectorySearch(postcode=postcode, distance_miles=miles, keywords=words)
    ).values_list("service_id", flat=True)
    # One row per place a service is given: the first (nearest) place puts it in order.
    order: list[UUID] = []
    for service_id in entries[: SHORTLIST_LENGTH * 20]:
        if service_id not in order:
            order.append(service_id)
    found = public_services().filter(local_authority_id=request.local_authority_id, pk__in=order)
    services = found.select_related("organisation").in_bulk()
    return [services[pk] for pk in order if pk in services][:SHORTLIST_LENGTH]


def signposts_of(request: SupportRequest) -> list[Signpost]:
    """The services the signposted family was sent, in the order triage chose them."""
    return list(request.signposts.select_related("service", "service__organisation"))
