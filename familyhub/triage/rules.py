"""Triage decisions as plain functions: who triages, what is urgent, what is overdue."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.models import AnonymousUser

from familyhub.accounts.models import Organisation, Role, User
from familyhub.directory.models import Location, Service
from familyhub.families.rules import RecordKind
from familyhub.frontdoor.models import SupportRequest, TriageStandard

# Who works the front door's queue.
TRIAGE_ROLES = (Role.TRIAGE,)


def triage_local_authority_codes(user: User | AnonymousUser) -> list[str]:
    """The councils whose front door this user works on."""
    if not user.is_authenticated:
        return []
    return list(
        user.memberships.filter(role__in=TRIAGE_ROLES)
        .values_list("organisation__local_authority_id", flat=True)
        .distinct()
    )


def triage_organisation(user: User, local_authority_code: str) -> Organisation | None:
    """The organisation this user triages for in this council: whose involvement and consent a
    decision records."""
    membership = (
        user.memberships.filter(
            role__in=TRIAGE_ROLES, organisation__local_authority_id=local_authority_code
        )
        .select_related("organisation")
        .first()
    )
    return membership.organisation if membership else None


# Who decides a join that a household's consent and a request's answer disagree on
# (triage.services): a manager, not the triage officer who proposed it.
JOIN_DECIDER_ROLES = (Role.LOCALITY_MANAGER,)


def join_local_authority_codes(user: User | AnonymousUser) -> list[str]:
    """The councils whose waiting joins this user decides."""
    if not user.is_authenticated:
        return []
    return list(
        user.memberships.filter(role__in=JOIN_DECIDER_ROLES)
        .values_list("organisation__local_authority_id", flat=True)
        .distinct()
    )


def request_sharing(
    request: SupportRequest,
    triage_organisation: Organisation,
    lead_organisation: Organisation,
    hub: Location | None,
) -> set[Organisation]:
    """Whom a request's own answer shares the family record with when it is allocated: the
    access team, the lead professional's organisation and the organisation of the family hub
    it goes to; without the family's consent, the council's own front door alone."""
    if not request.consent_to_share:
        return {triage_organisation}
    sharing = {triage_organisation, lead_organisation}
    if hub is not None and hub.organisation is not None:
        sharing.add(hub.organisation)
    return sharing


# The family hubs a request may be allocated to: a locality's main hub, whose team takes the
# family on (a spoke is a place the hub's services are given, often run by a partner).
ALLOCATION_HUB_KINDS = (Location.Kind.MAIN_HUB,)


def hub_allocatable(hub: Location, local_authority_code: str) -> bool:
    """Whether triage may allocate one of this council's requests to this hub."""
    return hub.kind in ALLOCATION_HUB_KINDS and hub.local_authority_id == local_authority_code


# How many services one signposting sends: a family reads a short list, on a phone.
SIGNPOSTS_MOST = 5


def service_signpostable(service: Service, local_authority_code: str) -> bool:
    """Whether triage may send a family of this council to this service: one of the council's
    own, live in the public directory (active, from an approved organisation)."""
    return (
        service.local_authority_id == local_authority_code
        and service.status == Service.Status.ACTIVE
        and service.organisation.status == Organisation.Status.APPROVED
    )


def join_consent_agrees(
    coverage: Mapping[UUID, frozenset[str]], sharing: set[Organisation]
) -> bool:
    """Whether a request may join a household at once: the household's live consent
    (`coverage`, organisation id to the kinds of record shared, triage.selectors) shares the
    whole record with exactly the organisations the request's answer does (`sharing`). Either
    way round, a difference would share somebody's information further than they said."""
    whole = frozenset({RecordKind.PEOPLE, RecordKind.CHRONOLOGY})
    return dict(coverage) == {organisation.pk: whole for organisation in sharing}


@dataclass(frozen=True)
class Timers:
    """Where a request stands against its council's standard."""

    waiting: dt.timedelta
    first_contact_due: dt.datetime
    decision_due: dt.datetime
    first_contact_overdue: bool
    decision_overdue: bool

    @property
    def overdue(self) -> bool:
        return self.first_contact_overdue or self.decision_overdue


def allowed_hours(
    standard: TriageStandard, *, safeguarding_concern: bool | None
) -> tuple[int, int]:
    """The hours the standard allows to first contact and to a decision: a safeguarding concern
    has the urgent allowance for both."""
    if safeguarding_concern:
        return standard.urgent_decision_hours, standard.urgent_decision_hours
    return standard.first_contact_hours, standard.decision_hours


def timers(request: SupportRequest, standard: TriageStandard, now: dt.datetime) -> Timers:
    submitted = request.submitted_at
    if submitted is None:
        raise ValueError(f"{request} is a draft: only a sent request has triage timers")
    contact_hours, decision_hours = allowed_hours(
        standard, safeguarding_concern=request.safeguarding_concern
    )
    contact_due = submitted + dt.timedelta(hours=contact_hours)
    decision_due = submitted + dt.timedelta(hours=decision_hours)
    contacted = request.first_contact_at or now
    decided = request.decided_at or now
    return Timers(
        waiting=(request.decided_at or now) - submitted,
        first_contact_due=contact_due,
        decision_due=decision_due,
        first_contact_overdue=contacted > contact_due,
        decision_overdue=decided > decision_due,
    )


def queue_position(request: SupportRequest, timer: Timers) -> tuple:
    """Safeguarding concerns jump the queue; then what is overdue; then the longest waiting."""
    return (not request.safeguarding_concern, not timer.overdue, request.submitted_at)
