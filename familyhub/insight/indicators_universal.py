"""The universal offer's indicators: babies notified and new parents contacted within 28 days
of the birth, children under five registered with a hub, visits to sessions and families coming
back (sustained engagement), and the 2-year-old offer's take-up.

Where the family lives decides the locality (the household's, as Start for Life and the front
door place it); where the session was decides it for visits. A hub scope counts the hub and its
spokes.
"""

import datetime as dt
from collections import Counter

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from familyhub.activities.models import Attendance, HubRegistration
from familyhub.activities.rules import SUSTAINED_VISITS
from familyhub.earlyeducation.models import Eligibility
from familyhub.earlyeducation.rules import Term
from familyhub.families.models import Membership
from familyhub.insight.figures import (
    Breakdown,
    Measure,
    counted_twice,
    counts_by_name,
    rate,
)
from familyhub.insight.memo import shared
from familyhub.insight.period import Period
from familyhub.insight.scope import Scope
from familyhub.startforlife.models import Invitation, Notification
from familyhub.startforlife.rules import CONTACTED_WITHIN, UNDER_FIVE, months_after


def _households(scope: Scope, prefix: str = "family__") -> Q:
    condition = Q(**{f"{prefix}local_authority_id": scope.local_authority_id})
    if scope.locality_id is not None:
        condition &= Q(**{f"{prefix}locality_id": scope.locality_id})
    if scope.hub_id is not None:
        condition &= Q(**{f"{prefix}hub_id": scope.hub_id})
    return condition


def _births(scope: Scope) -> QuerySet[Notification]:
    return Notification.objects.filter(_households(scope), kind=Notification.Kind.BIRTH)


def _born(p: Period) -> Q:
    return p.of_day("born_on")


def births_in(scope: Scope, period: Period) -> QuerySet[Notification]:
    """Births notified of babies born in the period, each baby once."""
    return _births(scope).filter(_born(period))


def _contacted(scope: Scope, p: Period) -> tuple[int, int]:
    """Of the households with a baby born in the period, how many were sent their welcome
    invitation within 28 days of the birth (dates compared here: a period's births are few)."""
    born = dict(births_in(scope, p).values_list("family_id", "born_on"))
    sent = Invitation.objects.filter(family_id__in=born, sent_at__isnull=False).values_list(
        "family_id", "sent_at"
    )
    contacted = {
        family
        for family, when in sent
        if timezone.localdate(when) - born[family] <= CONTACTED_WITHIN
    }
    return len(contacted), len(born)


def _under_fives_registered(scope: Scope, day: dt.date) -> int:
    """Children under five on that day in households registered with a hub by then."""
    registered = HubRegistration.objects.filter(registered_on__lte=day).values("family_id")
    return (
        Membership.objects.filter(
            _households(scope),
            family_id__in=registered,
            role=Membership.Role.CHILD,
            person__merged_into__isnull=True,
            person__date_of_birth__gt=months_after(day, -UNDER_FIVE),
            person__date_of_birth__lte=day,
        )
        .values("person_id")
        .distinct()
        .count()
    )


def _visits(scope: Scope) -> QuerySet[Attendance]:
    """Visits to sessions held in the scope (a hub's own and its spokes'), not cancelled."""
    place = Q(session__location__local_authority_id=scope.local_authority_id)
    if scope.locality_id is not None:
        place &= Q(session__location__locality_id=scope.locality_id)
    if scope.hub_id is not None:
        place &= Q(session__location_id=scope.hub_id) | Q(session__location__hub_id=scope.hub_id)
    return Attendance.objects.filter(place, session__cancelled=False)


def _held(p: Period) -> Q:
    return p.of_moment("session__starts")


@shared
def _visits_by_locality(scope: Scope, period: Period) -> tuple[Counter, Counter]:
    """Visits by the locality of the session's place: their sum is every visit. Each visit's
    session is counted, not its id: the index (session, family) holds it, so the database
    reads that index alone."""
    locality = "session__location__locality__name"
    return counted_twice(_visits(scope), locality, period, _held, counting="session")


def _sustained(scope: Scope, period: Period) -> tuple[int, int]:
    """Households on the record that came to SUSTAINED_VISITS or more sessions in the period,
    and in the one before: sessions counted per household, then households counted, at once.

    A household is ticked in once per session (activities' attendance_family_once_per_session),
    so its rows are its sessions: no COUNT(DISTINCT), which would make the database sort every
    visit instead of hashing them."""
    now, before = _held(period), _held(period.previous())
    per_household = (
        _visits(scope)
        .filter(_held(period.and_previous()), family__isnull=False)
        .values("family_id")
        .annotate(
            visits=Count("session", filter=now), visits_before=Count("session", filter=before)
        )
    )
    figures = per_household.aggregate(
        now=Count("family_id", filter=Q(visits__gte=SUSTAINED_VISITS)),
        before=Count("family_id", filter=Q(visits_before__gte=SUSTAINED_VISITS)),
    )
    return figures["now"], figures["before"]


def reach(scope: Scope, period: Period) -> list[Measure]:
    before = period.previous()
    contacted, born = _contacted(scope, period)
    contacted_before, born_before = _contacted(scope, before)
    return [
        Measure("births", "Babies born and notified", born, born_before),
        Measure(
            "contacted_28_days",
            "New parents contacted within 28 days of the birth",
            rate(contacted, born),
            rate(contacted_before, born_before),
            "percent",
            base_now=born,
            base_before=born_before,
        ),
        Measure(
            "under_fives_registered",
            "Children under 5 registered with a hub, at the end",
            _under_fives_registered(scope, period.ends),
            _under_fives_registered(scope, before.ends),
        ),
        Measure(
            "visits",
            "Visits to sessions (families and walk-ins)",
            *(found.total() for found in _visits_by_locality(scope, period)),
        ),
        Measure(
            "sustained",
            f"Households that came {SUSTAINED_VISITS} or more times",
            *_sustained(scope, period),
        ),
    ]


def _take_up(scope: Scope, term: Term) -> tuple[int, int]:
    eligible = Eligibility.objects.filter(
        child__local_authority_id=scope.local_authority_id,
        term_year=term.year,
        term_season=term.season,
    )
    if scope.locality_id is not None:
        eligible = eligible.filter(locality_id=scope.locality_id)
    figures = eligible.aggregate(eligible=Count("pk"), took_up=Count("take_up"))
    return figures["took_up"], figures["eligible"]


def _term_starting_by(scope: Scope, day: dt.date) -> Term | None:
    """The latest term listed that began by that day."""
    listed = (
        Eligibility.objects.filter(child__local_authority_id=scope.local_authority_id)
        .values_list("term_year", "term_season")
        .distinct()
    )
    started = [
        term for term in (Term(year, season) for year, season in listed) if term.starts <= day
    ]
    return max(started, key=lambda term: term.order, default=None)


def two_year_offer(scope: Scope, period: Period) -> Measure:
    """Take-up in the latest term begun by the period's end, against the term before it (a
    term is a locality's figure: a hub scope shows its council's, or its locality's)."""
    term = _term_starting_by(scope, period.ends)
    earlier = _term_starting_by(scope, term.starts - dt.timedelta(days=1)) if term else None
    took_up, eligible = _take_up(scope, term) if term else (0, 0)
    took_up_before, eligible_before = _take_up(scope, earlier) if earlier else (0, 0)
    label = (
        f"2-year-olds taking up a funded place ({term.label})"
        if term
        else ("2-year-olds taking up a funded place")
    )
    return Measure(
        "two_year_take_up",
        label,
        rate(took_up, eligible),
        rate(took_up_before, eligible_before),
        "percent",
        base_now=eligible,
        base_before=eligible_before,
    )


def births_by_locality(scope: Scope, period: Period) -> Breakdown:
    now, before = counted_twice(_births(scope), "family__locality__name", period, _born)
    rows = counts_by_name(now, before, nameless="Postcode not placed yet")
    return Breakdown("births_locality", "Babies born and notified, by locality", "Locality", rows)


def visits_by_locality(scope: Scope, period: Period) -> Breakdown:
    now, before = _visits_by_locality(scope, period)
    rows = counts_by_name(now, before, nameless="Online or no locality")
    return Breakdown("visits_locality", "Visits to sessions, by locality", "Locality", rows)
