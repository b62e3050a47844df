"""Who handles data protection requests, when each is due, and what each request allows.

Only the council's data protection officer handles them, and only their own council's: a
request of another council is not even acknowledged (404). The officer sees what is held about
a person only through an approved subject access request for that person, never by browsing.
"""

import calendar
import datetime as dt

from django.contrib.auth.models import AnonymousUser

from familyhub.accounts.models import Role, User
from familyhub.casework.models import Episode
from familyhub.dataprotection.models import DataProtectionRequest
from familyhub.families.models import Family, SafeguardingOverride
from familyhub.frontdoor.models import SupportRequest
from familyhub.retention.models import RetentionPeriod

DATA_PROTECTION_ROLES = (Role.DATA_PROTECTION_OFFICER,)

# The person's recorded details a rectification may correct (families.Person fields). Names,
# dates and identifiers are what people ask to have put right; the flags (SEND, interpreter)
# are practitioners' assessments, corrected in the record itself.
RECTIFIABLE_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "due_date",
    "sex",
    "nhs_number",
    "upn",
    "postcode",
)

# An episode in one of these states is live work with the family: social care holds a stepped-up
# case, so it is as live as an open one.
LIVE_EPISODE_STATES = (Episode.Status.OPEN, Episode.Status.STEPPED_UP)
OPEN_STATES = (DataProtectionRequest.Status.RECEIVED, DataProtectionRequest.Status.APPROVED)


def may_handle_data_protection(user: User | AnonymousUser) -> bool:
    return (
        user.is_authenticated and user.memberships.filter(role__in=DATA_PROTECTION_ROLES).exists()
    )


def data_protection_councils(user: User | AnonymousUser) -> list[str]:
    """The councils (ONS codes) whose requests this user handles: those of the organisations
    where they are the data protection officer."""
    if not user.is_authenticated:
        return []
    return list(
        user.memberships.filter(role__in=DATA_PROTECTION_ROLES)
        .values_list("organisation__local_authority_id", flat=True)
        .distinct()
    )


def statutory_due_date(received_on: dt.date) -> dt.date:
    """One calendar month from the day the request was received (UK GDPR Article 12(3)), as the
    ICO counts it: the same date next month, or that month's last day when it has no such date
    (31 January is due 28 or 29 February); a due date on a weekend moves to the Monday.

    Bank holidays also move it to the next working day; the system keeps no calendar of them,
    so the officer allows for those themselves.
    """
    year, month = (
        (received_on.year + 1, 1)
        if received_on.month == 12
        else (
            received_on.year,
            received_on.month + 1,
        )
    )
    day = min(received_on.day, calendar.monthrange(year, month)[1])
    due = dt.date(year, month, day)
    while due.weekday() >= 5:  # Saturday 5, Sunday 6
        due += dt.timedelta(days=1)
    return due


def is_overdue(dp_request: DataProtectionRequest, *, today: dt.date) -> bool:
    """Still open after its due date: the council is in breach of the time limit."""
    return dp_request.status in OPEN_STATES and today > dp_request.due_on


def may_decide(dp_request: DataProtectionRequest) -> bool:
    return dp_request.status == DataProtectionRequest.Status.RECEIVED


def may_export_subject_access(dp_request: DataProtectionRequest) -> bool:
    """The one way the officer reads what is held about a person: an approved, not yet carried
    out, subject access request for them."""
    return (
        dp_request.kind == DataProtectionRequest.Kind.SUBJECT_ACCESS
        and dp_request.status == DataProtectionRequest.Status.APPROVED
    )


def may_rectify(dp_request: DataProtectionRequest) -> bool:
    """An approved rectification of somebody in the shared record (a front door request is the
    family's own account, kept as they gave it)."""
    return (
        dp_request.kind == DataProtectionRequest.Kind.RECTIFICATION
        and dp_request.status == DataProtectionRequest.Status.APPROVED
        and dp_request.person_id is not None
    )


def may_erase(dp_request: DataProtectionRequest) -> bool:
    return (
        dp_request.kind == DataProtectionRequest.Kind.ERASURE
        and dp_request.status == DataProtectionRequest.Status.APPROVED
    )


def may_mark_carried_out(dp_request: DataProtectionRequest) -> bool:
    """Subject access and rectification are finished by the officer (the copy sent, the record
    corrected); an erasure is carried out by the erasure itself."""
    return (
        dp_request.kind != DataProtectionRequest.Kind.ERASURE
        and dp_request.status == DataProtectionRequest.Status.APPROVED
    )


def _families_of(dp_request: DataProtectionRequest) -> list[Family]:
    if dp_request.person_id is not None:
        return list(Family.objects.filter(members__person_id=dp_request.person_id).distinct())
    support_request = dp_request.support_request
    family = support_request.family if support_request is not None else None
    return [family] if family is not None else []


def _front_door_blockers(dp_request: DataProtectionRequest) -> list[str]:
    support_request = dp_request.support_request
    if support_request is None:
        return []
    reasons = []
    if support_request.status == SupportRequest.Status.NEW:
        reasons.append(
            f"Request {support_request.reference} is still waiting for triage: it is decided "
            "first (the family can be signposted, and then the request erased)."
        )
    if support_request.safeguarding_concern:
        reasons.append(
            f"Request {support_request.reference} said a child may be at risk of harm: it is "
            "kept for safeguarding."
        )
    return reasons


def erasure_blockers(dp_request: DataProtectionRequest, *, today: dt.date) -> list[str]:
    """Why the law says the person's data must be kept (UK GDPR Article 17(3)): each reason in
    words, for the officer to read before deciding; none means erasure may go ahead.

    Early help is a public task with a safeguarding purpose: while any household of the person
    has live work (an open or stepped-up episode), a safeguarding override, or a closed episode
    still inside its retention period, its records are kept and the person stays in them.
    """
    reasons = _front_door_blockers(dp_request)
    closed_kept_days = (
        RetentionPeriod.objects.filter(kind=RetentionPeriod.Kind.CLOSED_EPISODE)
        .values_list("days", flat=True)
        .first()
    )
    for family in _families_of(dp_request):
        episodes = Episode.objects.filter(family=family)
        if episodes.filter(status__in=LIVE_EPISODE_STATES).exists():
            reasons.append(
                f"Household {family.reference} has an open early help episode (or one stepped up "
                "to children's social care): its records are kept while the work goes on."
            )
        if SafeguardingOverride.objects.filter(family=family).exists():
            reasons.append(
                f"Household {family.reference} has a safeguarding override on record: records "
                "shared to protect a child are kept for safeguarding."
            )
        if closed_kept_days is not None:
            since = today - dt.timedelta(days=closed_kept_days)
            last_closed = (
                episodes.filter(status=Episode.Status.CLOSED, closed_on__gt=since)
                .order_by("-closed_on")
                .values_list("closed_on", flat=True)
                .first()
            )
            if last_closed is not None:
                kept_until = last_closed + dt.timedelta(days=closed_kept_days)
                reasons.append(
                    f"Household {family.reference} had early help that closed on "
                    f"{last_closed:%d %B %Y}: its records are kept under the retention period "
                    f"until {kept_until:%d %B %Y}."
                )
    return reasons
