"""Triage decisions as plain functions: who triages, what is urgent, what is overdue."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from familyhub.accounts.models import Organisation, Role, User
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


def timers(request: SupportRequest, standard: TriageStandard, now: dt.datetime) -> Timers:
    """A safeguarding concern has the urgent allowance for both contact and decision."""
    submitted = request.submitted_at
    if submitted is None:
        raise ValueError(f"{request} is a draft: only a sent request has triage timers")
    if request.safeguarding_concern:
        contact_hours = decision_hours = standard.urgent_decision_hours
    else:
        contact_hours, decision_hours = standard.first_contact_hours, standard.decision_hours
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
