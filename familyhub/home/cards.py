"""The cards of a member of staff's home page: one per kind of work their roles give them.

Home sits at the top of the stack (below only the demo) because it asks every app for the
user's work; each card reads through that app's own rules and selectors, so a card shows
exactly what the app's full page would, and nothing the user could not open. A card names a
family only where the full page would (the caseload's own `family_visible`); otherwise it
gives the reference.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from django.utils import timezone

from familyhub.accounts.models import User
from familyhub.accounts.selectors import roles_of
from familyhub.activities.selectors import register_sessions, runs_sessions
from familyhub.casework.rules import CASELOAD_ROLES, manages_a_locality
from familyhub.casework.selectors import (
    actions_page_details,
    caseload_page_details,
    caseloads_per_lead,
    locality_caseload,
    my_actions,
    my_caseload,
    new_allocations,
    unallocated_requests,
)
from familyhub.dataprotection.rules import OPEN_STATES, data_protection_councils, is_overdue
from familyhub.dataprotection.selectors import dp_requests_of
from familyhub.directory.rules import managed_local_authorities, stale_before
from familyhub.directory.selectors import (
    organisations_edited_by,
    organisations_pending,
    services_stale,
)
from familyhub.earlyeducation.rules import figures_authority_ids
from familyhub.earlyeducation.selectors import take_up_figures, terms_listed
from familyhub.frontdoor.referrals.rules import (
    answering_organisation_ids,
    can_refer,
    referrer_organisation_ids,
)
from familyhub.frontdoor.referrals.selectors import (
    received_counts,
    received_new_first,
    referrals_newest_first,
)
from familyhub.insight.dashboard import Viewer, at_a_glance
from familyhub.insight.period import year_to
from familyhub.insight.rules import early_help_list_councils, insight_councils, sees_small_numbers
from familyhub.insight.scope import Scope
from familyhub.notifications.rules import may_see_jobs
from familyhub.notifications.selectors import message_counts, messages_overdue, tasks_failed
from familyhub.socialcare.rules import social_care_authority_ids
from familyhub.socialcare.selectors import answers_recent, handovers_waiting
from familyhub.staffaccounts.rules import may_manage_staff
from familyhub.staffaccounts.selectors import staff_search
from familyhub.startforlife import rules as sfl_rules
from familyhub.startforlife.selectors import summary as sfl_summary
from familyhub.triage.rules import join_local_authority_codes, triage_local_authority_codes
from familyhub.triage.selectors import pending_joins, recently_decided, triage_queue

# Enough rows for a glance; each card links to its full page for the rest.
SHOWN = 5
# A locality's largest caseloads: a manager balancing work looks at the top of the list.
LEADS_SHOWN = 10
# "New" allocations and "recent" decisions: a working fortnight.
RECENT = dt.timedelta(days=14)
# Actions "due soon": within the coming week.
DUE_SOON = dt.timedelta(days=7)


@dataclass
class Card:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def triage_card(user: User, now: dt.datetime) -> Card | None:
    codes = triage_local_authority_codes(user)
    if not codes:
        return None
    rows = triage_queue(codes, now=now)
    return Card(
        "home/cards/triage.html",
        {
            "waiting": len(rows),
            "urgent": sum(1 for request, _ in rows if request.safeguarding_concern),
            "overdue": sum(1 for _, timer in rows if timer.overdue),
            "rows": rows[:SHOWN],
            "decided": list(recently_decided(codes, since=now - RECENT, limit=SHOWN)),
            "now": now,
        },
    )


def joins_card(user: User, now: dt.datetime) -> Card | None:
    codes = join_local_authority_codes(user)
    if not codes:
        return None
    waiting = list(pending_joins(codes)[: SHOWN + 1])
    if not waiting:
        return None
    return Card("home/cards/joins.html", {"joins": waiting[:SHOWN], "more": len(waiting) > SHOWN})


def sessions_card(user: User, now: dt.datetime) -> Card | None:
    """Today's sessions whose registers the user takes, with their counts; no card for staff
    whose organisations run no sessions (most front-line staff never take a register)."""
    if not runs_sessions(user):
        return None
    sessions = list(register_sessions(user, day=timezone.localdate(now)))
    return Card("home/cards/sessions.html", {"sessions": sessions})


def caseload_card(user: User, now: dt.datetime) -> Card | None:
    if not roles_of(user) & set(CASELOAD_ROLES):
        return None
    today = timezone.localdate(now)
    episodes = my_caseload(user, now=now)
    actions = my_actions(user, now=now)
    due = actions.aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        soon=Count("pk", filter=Q(due_on__gte=today, due_on__lte=today + DUE_SOON)),
    )
    return Card(
        "home/cards/caseload.html",
        {
            "open": episodes.count(),
            # Shaped as the page of a paginator, which the caseload's own rows template reads.
            "episodes": {
                "object_list": caseload_page_details(list(episodes[:SHOWN]), user, now=now)
            },
            "actions_overdue": due["overdue"],
            "actions_due_soon": due["soon"],
            "actions": actions_page_details(list(actions[:SHOWN]), user, now=now),
            "allocated": list(new_allocations(user, since=today - RECENT)[:SHOWN]),
        },
    )


def _lead_row(row: dict[str, Any]) -> dict[str, Any]:
    names = f"{row['lead_professional__first_name']} {row['lead_professional__last_name']}"
    return {
        "id": row["lead_professional"],
        "name": names.strip() or row["lead_professional__email"],
        "open": row["open"],
        "reviews_overdue": row["reviews_overdue"],
    }


def locality_card(user: User, now: dt.datetime) -> Card | None:
    if not manages_a_locality(user):
        return None
    today = timezone.localdate(now)
    counts = locality_caseload(user, now=now).aggregate(
        open=Count("pk"), reviews_overdue=Count("pk", filter=Q(next_review_due__lt=today))
    )
    return Card(
        "home/cards/locality.html",
        {
            "unallocated": unallocated_requests(user),
            **counts,
            "leads": [_lead_row(row) for row in caseloads_per_lead(user, now=now)[:LEADS_SHOWN]],
        },
    )


def referrals_card(user: User, now: dt.datetime) -> Card | None:
    if not can_refer(user):
        return None
    referrals = referrals_newest_first(referrer_organisation_ids(user))
    return Card(
        "home/cards/referrals.html",
        {"total": referrals.count(), "referrals": list(referrals[:SHOWN])},
    )


def referrals_received_card(user: User, now: dt.datetime) -> Card | None:
    organisations = answering_organisation_ids(user)
    received = received_new_first(organisations)
    if not organisations or not received.exists():
        # Most partners' services take no referrals: no card rather than an empty one.
        return None
    return Card(
        "home/cards/referrals_received.html",
        {"counts": received_counts(organisations), "referrals": list(received[:SHOWN])},
    )


def directory_card(user: User, now: dt.datetime) -> Card | None:
    organisations = list(organisations_edited_by(user))
    managed = managed_local_authorities(user)
    if not organisations and not managed:
        return None
    checked_before = stale_before(timezone.localdate(now))
    own_stale = [
        service
        for organisation in organisations
        for service in organisation.services.all()
        if service.last_checked < checked_before
    ]
    return Card(
        "home/cards/directory.html",
        {
            "organisations": organisations,
            "own_stale": own_stale[:SHOWN],
            "own_stale_count": len(own_stale),
            "managed": bool(managed),
            "pending": list(organisations_pending(managed)[:SHOWN]) if managed else [],
            "stale_count": services_stale(managed, checked_before=checked_before).count()
            if managed
            else 0,
        },
    )


def jobs_card(user: User, now: dt.datetime) -> Card | None:
    if not may_see_jobs(user):
        return None
    return Card(
        "home/cards/jobs.html",
        {
            "counts": message_counts(),
            "overdue": messages_overdue(now).count(),
            "tasks_failed": len(tasks_failed()),
        },
    )


def staff_accounts_card(user: User, now: dt.datetime) -> Card | None:
    if not may_manage_staff(user):
        return None
    staff = staff_search(user)
    counts = staff.aggregate(
        total=Count("pk", filter=Q(is_active=True)),
        invited=Count("pk", filter=Q(is_active=True, awaiting_password=True)),
        locked_count=Count("pk", filter=Q(locked_out=True)),
    )
    return Card(
        "home/cards/staff_accounts.html",
        {**counts, "locked": list(staff.filter(locked_out=True)[:SHOWN])},
    )


def data_protection_card(user: User, now: dt.datetime) -> Card | None:
    councils = data_protection_councils(user)
    if not councils:
        return None
    today = timezone.localdate(now)
    open_requests = list(dp_requests_of(councils).filter(status__in=OPEN_STATES))
    return Card(
        "home/cards/data_protection.html",
        {
            "open": len(open_requests),
            "overdue": sum(1 for r in open_requests if is_overdue(r, today=today)),
            # Soonest due first (the selector's order): the statutory month runs on each.
            "requests": [(r, is_overdue(r, today=today)) for r in open_requests[:SHOWN]],
        },
    )


def social_care_card(user: User, now: dt.datetime) -> Card | None:
    codes = social_care_authority_ids(user)
    if not codes:
        return None
    waiting = handovers_waiting(codes)
    return Card(
        "home/cards/social_care.html",
        {
            "waiting": len(waiting),
            "urgent": sum(1 for row in waiting if row.urgent),
            "rows": waiting[:SHOWN],
            "answered": answers_recent(codes, since=now - RECENT, limit=SHOWN),
        },
    )


def two_year_offer_card(user: User, now: dt.datetime) -> Card | None:
    """The latest term's take-up of funded 2-year-old places, council-wide (counts only)."""
    codes = figures_authority_ids(user)
    terms = terms_listed(codes[0]) if codes else []
    if not terms:
        return None
    _rows, total = take_up_figures(codes[0], terms[0])
    return Card("home/cards/two_year_offer.html", {"term": terms[0], "total": total})


def start_for_life_card(user: User, now: dt.datetime) -> Card | None:
    """Start for Life's counts, and links to the pages the user may open (counts only: the
    named list is on its page, where each household shown is audited)."""
    first_days = sfl_rules.first_days_authority_ids(user)
    reach = sfl_rules.reach_authority_ids(user)
    imports = sfl_rules.import_authority_ids(user)
    codes = first_days | reach | imports
    if not codes:
        return None
    return Card(
        "home/cards/start_for_life.html",
        {
            "summary": sfl_summary(codes, today=timezone.localdate(now)),
            "first_days": bool(first_days),
            "reach": bool(reach),
            "imports": bool(imports),
        },
    )


def insight_card(user: User, now: dt.datetime) -> Card | None:
    """The council's headline figures for the last twelve months (small numbers hidden
    outside the analyst role), and the ways into insight."""
    councils = insight_councils(user)
    if not councils:
        return None
    viewer = Viewer(small_numbers=sees_small_numbers(user, councils[0]))
    measures = at_a_glance(Scope(councils[0]), year_to(timezone.localdate(now)), viewer)
    return Card(
        "home/cards/insight.html",
        {"measures": measures, "child_level": councils[0] in early_help_list_councils(user)},
    )


# In the order a person holding several roles reads them: decisions waiting on them first.
CARDS: list[Callable[[User, dt.datetime], Card | None]] = [
    triage_card,
    social_care_card,
    joins_card,
    sessions_card,
    caseload_card,
    locality_card,
    referrals_card,
    referrals_received_card,
    data_protection_card,
    two_year_offer_card,
    start_for_life_card,
    insight_card,
    directory_card,
    staff_accounts_card,
    jobs_card,
]


def cards_for(user: User | AnonymousUser, *, now: dt.datetime) -> list[Card]:
    if not isinstance(user, User):
        return []
    return [card for make in CARDS if (card := make(user, now)) is not None]
