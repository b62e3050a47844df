"""Reads for What's on: the sessions a family can book, one session, a booking by its link."""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from familyhub.activities.models import Booking, Session
from familyhub.directory.models import Location
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
