"""Reads for What's on (the sessions a family can book, one session, a booking by its link)
and for registers (the sessions a worker takes registers at, who came, sustained engagement)."""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from familyhub.accounts.models import Organisation, User
from familyhub.activities import rules
from familyhub.activities.models import Attendance, Booking, HubRegistration, Session
from familyhub.directory.models import Location
from familyhub.families.matching import find_candidates
from familyhub.families.models import Family
from familyhub.families.rules import RecordKind, families_visible_to
from familyhub.places.models import Locality


def sessions_upcoming(
    *,
    now: dt.datetime,
    location_id: str = "",
    locality_id: str = "",
    day: dt.date | None = None,
) -> QuerySet[Session]:
    """Bookable sessions from now, soonest first, each with `booked` (places taken)."""
    sessions = Session.objects.filter(
        starts__gt=now, cancelled=False, course_start__isnull=True
    ).select_related("activity", "location", "location__locality")
    if location_id:
        sessions = sessions.filter(location_id=location_id)
    if locality_id:
        sessions = sessions.filter(location__locality_id=locality_id)
    if day:
        sessions = sessions.filter(starts__date=day)
    return sessions.annotate(
        booked=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED))
    ).order_by("starts", "id")


def whats_on_places(*, now: dt.datetime) -> tuple[list[Location], list[Locality]]:
    """The places and localities that have a session coming up, for the filters."""
    ahead = Session.objects.filter(starts__gt=now, cancelled=False)
    places = list(Location.objects.filter(sessions__in=ahead).distinct().order_by("name"))
    localities = list(
        Locality.objects.filter(locations__sessions__in=ahead).distinct().order_by("name")
    )
    return places, localities


def session_get(pk: int) -> Session:
    """A session as a family sees it (404 if there is none)."""
    session = get_object_or_404(
        Session.objects.select_related("activity", "location", "activity__organisation"), pk=pk
    )
    return session


def course_sessions(session: Session) -> list[Session]:
    """The course's later sessions, after the first (which holds the booking)."""
    return list(session.course_sessions.filter(cancelled=False).order_by("starts"))


def places_left(session: Session) -> int:
    return session.places.filter(booking__isnull=True).count()


def booking_by_token(token: str) -> Booking:
    """The booking a family's secret link names (404 if none)."""
    return get_object_or_404(
        Booking.objects.select_related("session__activity", "session__location"),
        cancel_token=token,
    )


# --- Registers ----------------------------------------------------------------------------------

# "Visits" on a register and sustained engagement look back this far by default.
VISITS_LOOK_BACK = dt.timedelta(days=365)


def register_sessions(user: User | AnonymousUser, *, day: dt.date) -> QuerySet[Session]:
    """The day's sessions whose register the user may take (rules.may_take_register), each
    with `booked`, `waiting` and `came` counted; none for a user who takes no registers."""
    organisation_ids = rules.register_organisation_ids(user)
    if not organisation_ids:
        return Session.objects.none()
    return (
        Session.objects.filter(starts__date=day, cancelled=False)
        .filter(
            Q(activity__organisation_id__in=organisation_ids)
            | Q(location__organisation_id__in=organisation_ids)
        )
        .select_related("activity", "location")
        .annotate(
            booked=Count(
                "bookings", filter=Q(bookings__status=Booking.Status.BOOKED), distinct=True
            ),
            waiting=Count(
                "bookings", filter=Q(bookings__status=Booking.Status.WAITING), distinct=True
            ),
            came=Count("attendances", distinct=True),
        )
        .order_by("starts", "id")
    )


def runs_sessions(user: User | AnonymousUser) -> bool:
    """Whether any session at all is one whose register the user may take: who the list of
    sessions is for, on days without any too."""
    organisation_ids = rules.register_organisation_ids(user)
    return bool(organisation_ids) and (
        Session.objects.filter(
            Q(activity__organisation_id__in=organisation_ids)
            | Q(location__organisation_id__in=organisation_ids)
        ).exists()
    )


def register_session_get(user: User | AnonymousUser, pk: int) -> Session:
    """A session whose register the user may take; 404 for anyone else, who is not told it
    exists."""
    session = (
        Session.objects.select_related("activity", "activity__organisation", "location")
        .filter(pk=pk)
        .first()
    )
    if session is None or not rules.may_take_register(user, session):
        raise Http404
    return session


def register_organisation(user: User | AnonymousUser, session: Session) -> Organisation:
    """The organisation the user takes this register for (rules.register_organisation_id)."""
    return get_object_or_404(Organisation, pk=rules.register_organisation_id(user, session))


@dataclass(frozen=True)
class RegisterRow:
    """One line of a register: a booked family, or somebody already recorded as there."""

    key: str  # the form's value: "b<booking id>" or "a<attendance id>"
    name: str
    children: int
    ages: str
    came: bool
    walk_in: bool
    attendance_id: int | None
    linked: bool  # on a family record (so counted per family)
    visit: int | None  # the family's visits in the year to this session, this one included


def register_rows(session: Session) -> list[RegisterRow]:
    """The register: every booked family (ticked if it came), then every walk-in."""
    attendances = list(session.attendances.order_by("recorded_at", "id"))
    by_booking = {a.booking_id: a for a in attendances if a.booking_id}
    visits = family_visits(
        [a.family_id for a in attendances if a.family_id],
        since=_day_of(session) - VISITS_LOOK_BACK,
        until=_day_of(session),
    )
    booked = list(
        session.bookings.filter(status=Booking.Status.BOOKED).order_by("contact_name", "id")
    )
    rows = [_row(f"b{b.pk}", by_booking.get(b.pk), visits, booking=b) for b in booked]
    # Then everybody else who came: walk-ins, and anybody ticked in whose booking was
    # cancelled afterwards (still somebody who came).
    booked_ids = {b.pk for b in booked}
    rows += [_row(f"a{a.pk}", a, visits) for a in attendances if a.booking_id not in booked_ids]
    return rows


def _row(
    key: str,
    came: Attendance | None,
    visits: dict[UUID, int],
    *,
    booking: Booking | None = None,
) -> RegisterRow:
    family_id = came.family_id if came else None
    return RegisterRow(
        key=key,
        name=booking.contact_name if booking else came.name,  # type: ignore[union-attr]
        children=booking.children if booking else came.children,  # type: ignore[union-attr]
        ages=booking.children_ages if booking else "",
        came=came is not None,
        walk_in=booking is None and came is not None and came.walk_in,
        attendance_id=came.pk if came else None,
        linked=family_id is not None,
        visit=visits.get(family_id) if family_id else None,
    )


def _day_of(session: Session) -> dt.date:
    return timezone.localdate(session.starts)


def family_visits(family_ids: Iterable[UUID], *, since: dt.date, until: dt.date) -> dict:
    """{family id: how many sessions it came to from `since` to `until`, both included}."""
    ids = list(family_ids)
    if not ids:
        return {}
    return dict(
        _attended(since=since, until=until)
        .filter(family_id__in=ids)
        .values("family_id")
        .annotate(visits=Count("session", distinct=True))
        .values_list("family_id", "visits")
    )


def _attended(
    *, since: dt.date, until: dt.date | None = None, hubs: Iterable[Location] | None = None
) -> QuerySet[Attendance]:
    """Attendances of families on the record at uncancelled sessions in the period, at these
    hubs (a hub's spokes included) if given."""
    attended = Attendance.objects.filter(
        family__isnull=False, session__cancelled=False, session__starts__date__gte=since
    )
    if until is not None:
        attended = attended.filter(session__starts__date__lte=until)
    if hubs is not None:
        places = list(hubs)
        attended = attended.filter(
            Q(session__location__in=places) | Q(session__location__hub__in=places)
        )
    return attended


def sustained_engagement_families(
    *,
    since: dt.date,
    until: dt.date | None = None,
    hubs: Iterable[Location] | None = None,
) -> QuerySet[Family]:
    """Families that came to SUSTAINED_VISITS or more sessions from `since` (to `until`, if
    given), counting only sessions at these hubs and their spokes if `hubs` is given. Only
    attendances linked to a household on the record count: a walk-in who never registered
    cannot be told apart from another."""
    sustained = (
        _attended(since=since, until=until, hubs=hubs)
        .values("family_id")
        .annotate(visits=Count("session", distinct=True))
        .filter(visits__gte=rules.SUSTAINED_VISITS)
        .values("family_id")
    )
    return Family.objects.filter(pk__in=sustained)


def sustained_engagement_counts(*, since: dt.date, until: dt.date | None = None) -> dict:
    """{location id: how many families came to SUSTAINED_VISITS or more of its sessions} in
    the period: the figure per hub (a spoke and the bus stops counted as places of their own)."""
    rows = (
        _attended(since=since, until=until)
        .values("session__location_id", "family_id")
        .annotate(visits=Count("session", distinct=True))
        .filter(visits__gte=rules.SUSTAINED_VISITS)
        .values_list("session__location_id", flat=True)
    )
    return dict(Counter(rows))


def attendance_for_registration(session: Session, pk: int) -> Attendance:
    """Somebody on this session's register not yet on a family record, to register with the
    hub (404 otherwise)."""
    return get_object_or_404(Attendance, session=session, pk=pk, family__isnull=True)


def bookable_family_get(
    user: User | AnonymousUser, reference: str, *, now: dt.datetime
) -> Family | None:
    """The family with this reference, if the user may see its people (families.rules)."""
    return (
        families_visible_to(user, kind=RecordKind.PEOPLE, now=now)
        .filter(reference=reference.strip().upper())
        .first()
    )


def registered_with(family: Family, hub: Location) -> HubRegistration | None:
    return HubRegistration.objects.filter(family=family, hub=hub).first()


def may_already_be_known(
    *,
    local_authority_code: str,
    family_name: str,
    children: Iterable[tuple[str, dt.date]],
    postcode: str,
) -> bool:
    """Whether any of the children described may already be in the shared record
    (families.matching): only to warn the worker. Who it may be is never said, and nothing is
    joined: the worker may not see that record, and the family's consent here is for this
    hub only."""
    return any(
        find_candidates(
            local_authority_code=local_authority_code,
            given_name=given_name,
            family_name=family_name,
            date_of_birth=born,
            postcode=postcode,
            limit=1,
        )
        for given_name, born in children
        if given_name
    )
