"""Reads for Start for Life: the next welcome session near a family, the first 1,001 days of a
locality, and reach per hub and locality."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from familyhub.activities.models import Activity, Attendance, HubRegistration, Session
from familyhub.activities.selectors import sustained_engagement_families
from familyhub.directory.models import Location
from familyhub.families.models import Family, Membership, Person
from familyhub.places.models import Locality
from familyhub.startforlife import rules
from familyhub.startforlife.models import Invitation, Milestone, MilestoneDone, Notification

PER_PAGE = 25


def welcome_session_next(family: Family, *, now: dt.datetime) -> Session | None:
    """The next welcome session (Baby's Day Out) at the family's hub, else anywhere in its
    locality: the nearest the family can go to, soonest first. None if none is scheduled."""
    ahead = Session.objects.filter(
        activity__kind=Activity.Kind.WELCOME,
        cancelled=False,
        course_start__isnull=True,
        starts__gt=now,
    ).select_related("activity", "location")
    places = []
    if family.hub_id:
        places.append(Q(location_id=family.hub_id))
    if family.locality_id:
        places.append(Q(location__locality_id=family.locality_id))
    for place in places:
        session = ahead.filter(place).order_by("starts", "id").first()
        if session is not None:
            return session
    return None


def localities_of(authority_ids: set[str]) -> QuerySet[Locality]:
    return Locality.objects.filter(local_authority_id__in=authority_ids).order_by("name")


def locality_get(authority_ids: set[str], pk: int) -> Locality:
    """A locality of one of these councils (404 otherwise)."""
    return get_object_or_404(Locality, pk=pk, local_authority_id__in=authority_ids)


def _babies_in(locality: Locality, today: dt.date) -> QuerySet[Person]:
    """Pregnancies and babies under two notified in the locality, unborn first by due date,
    then the youngest first."""
    notified = Notification.objects.filter(baby=OuterRef("pk"), family__locality=locality)
    return (
        Person.objects.filter(Exists(notified), merged_into__isnull=True)
        .filter(
            Q(date_of_birth__gt=rules.born_after_for_under(rules.UNDER_TWO, today))
            | Q(date_of_birth__isnull=True, due_date__isnull=False)
        )
        .order_by("date_of_birth", "due_date", "pk")
        .distinct()
    )


@dataclass
class MilestoneLine:
    label: str
    milestone: str
    state: str
    due_from: dt.date
    due_by: dt.date
    done_on: dt.date | None


@dataclass
class FirstDaysRow:
    baby: Person
    family: Family | None
    invited_at: dt.datetime | None
    registered: bool
    visits: int
    milestones: list[MilestoneLine] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return any(line.state == rules.MilestoneState.OVERDUE for line in self.milestones)


@dataclass
class FirstDays:
    locality: Locality
    pregnancies: int
    babies: int
    invited: int
    registered: int
    came: int
    overdue: int
    page: Page
    rows: list[FirstDaysRow]


def _family_of_baby(baby_ids: list[UUID]) -> dict[UUID, UUID]:
    """Each baby's household: that of its latest notification."""
    households: dict[UUID, UUID] = {}
    for baby_id, family_id in (
        Notification.objects.filter(baby_id__in=baby_ids)
        .order_by("notified_on", "id")
        .values_list("baby_id", "family_id")
    ):
        households[baby_id] = family_id
    return households


def _invited(family_ids: set[UUID]) -> dict[tuple[UUID, dt.date], dt.datetime]:
    sent = Invitation.objects.filter(family_id__in=family_ids, status=Invitation.Status.SENT)
    return {
        (family_id, born_on): sent_at
        for family_id, born_on, sent_at in sent.values_list("family_id", "born_on", "sent_at")
        if sent_at is not None  # always, once sent (a check constraint)
    }


def _visits(family_ids: set[UUID]) -> Counter:
    return Counter(
        Attendance.objects.filter(family_id__in=family_ids).values_list("family_id", flat=True)
    )


def _registered(family_ids: set[UUID]) -> set[UUID]:
    return set(
        HubRegistration.objects.filter(family_id__in=family_ids).values_list("family_id", flat=True)
    )


def _done(baby_ids: list[UUID]) -> dict[tuple[UUID, str], dt.date]:
    rows = MilestoneDone.objects.filter(baby_id__in=baby_ids)
    return {(b, m): d for b, m, d in rows.values_list("baby_id", "milestone", "done_on")}


def _milestones(
    baby_id: UUID, born_on: dt.date | None, done: dict, today: dt.date
) -> list[MilestoneLine]:
    if born_on is None:
        return []
    lines = []
    for milestone in Milestone:
        done_on = done.get((baby_id, milestone.value))
        due_from, due_by = rules.milestone_window(milestone, born_on)
        state = rules.milestone_state(milestone, born_on=born_on, done=bool(done_on), today=today)
        lines.append(
            MilestoneLine(str(milestone.label), milestone, state, due_from, due_by, done_on)
        )
    return lines


def first_days(locality: Locality, *, today: dt.date, page_number: str | None) -> FirstDays:
    """The locality's pregnancies and babies under two, counted, and one page of them with
    whether each was invited (when), registered with a hub, came, and its reviews."""
    babies = _babies_in(locality, today)
    everyone = list(babies.values_list("pk", "date_of_birth"))
    households = _family_of_baby([pk for pk, _born in everyone])
    family_ids = set(households.values())
    invited = _invited(family_ids)
    registered = _registered(family_ids)
    visits = _visits(family_ids)
    done = _done([pk for pk, _born in everyone])
    overdue = sum(
        1
        for pk, born in everyone
        if any(
            line.state == rules.MilestoneState.OVERDUE
            for line in _milestones(pk, born, done, today)
        )
    )
    page = Paginator(babies, PER_PAGE).get_page(page_number)
    families = Family.objects.in_bulk([households.get(p.pk) for p in page.object_list])
    rows = []
    for baby in page.object_list:
        family_id = households.get(baby.pk)
        rows.append(
            FirstDaysRow(
                baby=baby,
                family=families.get(family_id) if family_id else None,
                invited_at=(
                    invited.get((family_id, baby.date_of_birth))
                    if family_id and baby.date_of_birth
                    else None
                ),
                registered=family_id in registered,
                visits=visits.get(family_id, 0),
                milestones=_milestones(baby.pk, baby.date_of_birth, done, today),
            )
        )
    return FirstDays(
        locality=locality,
        pregnancies=sum(1 for _pk, born in everyone if born is None),
        babies=sum(1 for _pk, born in everyone if born is not None),
        invited=sum(1 for pk, born in everyone if born and (households.get(pk), born) in invited),
        registered=sum(1 for pk, _born in everyone if households.get(pk) in registered),
        came=sum(1 for pk, _born in everyone if visits.get(households.get(pk), 0)),
        overdue=overdue,
        page=page,
        rows=rows,
    )


def baby_get(authority_ids: set[str], pk: UUID) -> tuple[Person, Family]:
    """A notified baby of one of these councils, with its household (404 otherwise)."""
    baby = get_object_or_404(
        Person,
        pk=pk,
        local_authority_id__in=authority_ids,
        date_of_birth__isnull=False,
        notifications__isnull=False,
    )
    family_id = _family_of_baby([baby.pk])[baby.pk]
    return baby, Family.objects.get(pk=family_id)


# Reach


@dataclass
class Reach:
    """One hub's or locality's figures (counts, suppressed when shown: rules.shown_count)."""

    name: str
    under_fives_registered: int
    babies_notified: int
    contacted_in_time: int
    sustained: int


def _births_in_year(local_authority_id: str, today: dt.date) -> list[tuple]:
    """(baby, family, locality, hub, born on) of every birth notified in the year to today."""
    return list(
        Notification.objects.filter(
            local_authority_id=local_authority_id,
            kind=Notification.Kind.BIRTH,
            born_on__gt=today - dt.timedelta(days=365),
        )
        .values_list("baby_id", "family_id", "family__locality_id", "family__hub_id", "born_on")
        .distinct()
    )


def reach(local_authority_id: str, *, today: dt.date) -> tuple[list[Reach], list[Reach]]:
    """Per locality and per hub, over the year to today: children under 5 in households
    registered there; babies notified (households in its area: its locality, or whose hub it
    is); of those, how many were invited within 28 days of the birth; and households with
    sustained engagement there (activities.selectors, a hub's spokes included)."""
    since = today - dt.timedelta(days=365)
    births = _births_in_year(local_authority_id, today)
    sent = _invited({family_id for _b, family_id, _l, _h, _d in births})
    in_time = {
        baby
        for baby, family_id, _l, _h, born in births
        if (family_id, born) in sent
        and sent[(family_id, born)].date() <= born + rules.CONTACTED_WITHIN
    }
    registrations = list(
        HubRegistration.objects.filter(hub__local_authority_id=local_authority_id).values_list(
            "family_id", "hub_id", "hub__locality_id"
        )
    )
    under_fives = Counter(
        Membership.objects.filter(
            family_id__in={family_id for family_id, _h, _l in registrations},
            role=Membership.Role.CHILD,
            person__date_of_birth__gt=rules.born_after_for_under(rules.UNDER_FIVE, today),
        ).values_list("family_id", flat=True)
    )

    def figures(name: str, births_here: list, families_here: set, hubs: list) -> Reach:
        return Reach(
            name=name,
            under_fives_registered=sum(under_fives[f] for f in families_here),
            babies_notified=len({b[0] for b in births_here}),
            contacted_in_time=len({b[0] for b in births_here if b[0] in in_time}),
            sustained=sustained_engagement_families(since=since, until=today, hubs=hubs).count(),
        )

    localities = [
        figures(
            locality.name,
            [b for b in births if b[2] == locality.pk],
            {f for f, _h, where in registrations if where == locality.pk},
            list(Location.objects.filter(locality=locality)),
        )
        for locality in Locality.objects.filter(local_authority_id=local_authority_id)
    ]
    hubs = Location.objects.filter(
        pk__in={hub for _f, hub, _l in registrations} | {b[3] for b in births if b[3]}
    ).order_by("name")
    per_hub = [
        figures(
            hub.name,
            [b for b in births if b[3] == hub.pk],
            {f for f, where, _l in registrations if where == hub.pk},
            [hub],
        )
        for hub in hubs
    ]
    return localities, per_hub


@dataclass
class Summary:
    """A council's Start for Life at a glance, for the home page (counts only)."""

    babies: int
    pregnancies: int
    invitations_waiting: int


def summary(authority_ids: set[str], *, today: dt.date) -> Summary:
    notified = Notification.objects.filter(local_authority_id__in=authority_ids)
    return Summary(
        babies=notified.filter(
            baby__date_of_birth__gt=rules.born_after_for_under(rules.UNDER_TWO, today),
            baby__merged_into__isnull=True,
        )
        .values("baby")
        .distinct()
        .count(),
        pregnancies=notified.filter(baby__date_of_birth__isnull=True, baby__due_date__isnull=False)
        .values("baby")
        .distinct()
        .count(),
        invitations_waiting=Invitation.objects.filter(
            family__local_authority_id__in=authority_ids, status=Invitation.Status.WAITING
        ).count(),
    )
