"""Writes for sessions and bookings: one transaction each, with its audit event and messages.

    session = session_create(activity=a, location=hub, starts=..., ends=..., capacity=20)
    booking = booking_make(session=session, contact_name="Amina", children=1,
                           children_ages="8 months", channel="sms", contact="07700 900982",
                           language="bn")
    booking_cancel(booking=booking)         # the first on the waiting list gets the place

Places are taken under the database's guarantee (models.py): a booking first joins the waiting
list (the insert the one-booking-per-contact constraint checks), then takes the lowest free place;
if another booking took it first the unique index refuses, and it tries the next.

Bookings and cancellations of one session also take turns, on a lock of the session's row: a
cancellation must see every booking that joined the waiting list before it, and a booking every
place a cancellation freed, or a place could stay free while a family waits. (The database's
constraints hold whatever the order; the lock is what makes the waiting list fair.) The audit
event is written last: it takes the trail's lock, and nothing is locked after it, so two
services cannot wait for each other in a circle.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.models import User
from familyhub.activities import rules
from familyhub.activities.models import Activity, Booking, Session, SessionPlace, Vehicle
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.directory.models import Location
from familyhub.families.models import Family
from familyhub.notifications.services import message_send

# Tries at a free place before a booking settles for the waiting list: each failed try means
# another booking took a place, so capacity + this many is always enough.
PLACE_TRIES_BEYOND_CAPACITY = 5


def session_create(
    *,
    activity: Activity,
    location: Location,
    starts: dt.datetime,
    ends: dt.datetime,
    capacity: int,
    vehicle: Vehicle | None = None,
    course_start: Session | None = None,
    by: User | None = None,
) -> Session:
    """A session and its places. A vehicle already elsewhere then is refused by the database,
    and said here as a ValidationError on `starts`."""
    try:
        with transaction.atomic():
            session = Session.objects.create(
                activity=activity,
                location=location,
                vehicle=vehicle,
                course_start=course_start,
                starts=starts,
                ends=ends,
                capacity=capacity,
            )
            SessionPlace.objects.bulk_create(
                SessionPlace(session=session, number=n) for n in range(1, capacity + 1)
            )
            audit_record(actor=by, action=AuditEvent.Action.CREATE, record=session)
    except IntegrityError as error:
        if vehicle is not None and _vehicle_busy(vehicle, starts, ends):
            raise ValidationError(
                {"starts": _("%(vehicle)s is somewhere else at that time.") % {"vehicle": vehicle}}
            ) from error
        raise
    return session


def _vehicle_busy(vehicle: Vehicle, starts: dt.datetime, ends: dt.datetime) -> bool:
    return Session.objects.filter(
        vehicle=vehicle, cancelled=False, starts__lt=ends, ends__gt=starts
    ).exists()


def booking_make(
    *,
    session: Session,
    contact_name: str,
    children: int,
    children_ages: str,
    channel: str,
    contact: str,
    language: str,
    by: User | None = None,
    family: Family | None = None,
) -> Booking:
    """A place if one is free, else a place on the waiting list; the family is told which."""
    if not rules.is_bookable(session, now=timezone.now()):
        raise ValidationError(_("This session cannot be booked."))
    with transaction.atomic():
        _session_lock(session.pk)
        now = timezone.now()  # after the lock: the waiting list's order is the lock's order
        try:
            # A savepoint: a second active booking by the same contact is refused here.
            with transaction.atomic():
                booking = Booking.objects.create(
                    session=session,
                    status=Booking.Status.WAITING,
                    waiting_since=now,
                    created=now,
                    contact_name=contact_name,
                    children=children,
                    children_ages=children_ages,
                    channel=channel,
                    contact=contact,
                    contact_key=rules.contact_key(channel=channel, contact=contact),
                    language=language,
                    booked_by=by,
                    family=family,
                )
        except IntegrityError as error:
            raise ValidationError(
                {"contact": _("You have already booked this session with these contact details.")}
            ) from error
        _place_take(booking)
        audit_record(
            actor=by,
            action=AuditEvent.Action.CREATE,
            record=booking,
            details={"session": session.pk, "status": booking.status},
        )
        _tell(booking, "booking_confirmed" if booking.place_id else "booking_waiting")
    return booking


def _session_lock(session_id: int) -> None:
    """Take this session's turn (see the module's docstring); SQLite's writes take turns anyway."""
    Session.objects.select_for_update().filter(pk=session_id).values_list("pk").first()


def _place_take(booking: Booking) -> bool:
    """Give the waiting booking the lowest free place; False if none is free."""
    free = SessionPlace.objects.filter(session_id=booking.session_id, booking__isnull=True)
    tries = booking.session.capacity + PLACE_TRIES_BEYOND_CAPACITY
    for _try in range(tries):
        place = free.order_by("number").first()
        if place is None:
            return False
        try:
            with transaction.atomic():
                Booking.objects.filter(pk=booking.pk).update(
                    place=place, status=Booking.Status.BOOKED, waiting_since=None
                )
        except IntegrityError:
            continue  # taken by a booking that did not take turns (a direct write)
        booking.place, booking.status, booking.waiting_since = place, Booking.Status.BOOKED, None
        return True
    return False


def booking_cancel(*, booking: Booking, by: User | None = None) -> bool:
    """Cancel a booking (the family by its link, or staff); its place goes to the first on the
    waiting list, who is told. False, changing nothing, if it was cancelled already."""
    with transaction.atomic():
        _session_lock(booking.session_id)
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if locked.status == Booking.Status.CANCELLED:
            return False
        freed = locked.place
        Booking.objects.filter(pk=locked.pk).update(
            status=Booking.Status.CANCELLED, place=None, cancelled_at=timezone.now()
        )
        promoted = _first_waiting_promote(locked.session_id, freed) if freed else None
        audit_record(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            record=locked,
            details={"status": Booking.Status.CANCELLED},
        )
        if promoted:
            audit_record(
                actor=None,
                action=AuditEvent.Action.CHANGE,
                record=promoted,
                reason="A place came free",
                details={"status": Booking.Status.BOOKED},
            )
            _tell(promoted, "booking_place_offered")
    booking.refresh_from_db()
    return True


def _first_waiting_promote(session_id: int, place: SessionPlace) -> Booking | None:
    """Give the freed place to the longest-waiting booking (the session's turn is held)."""
    first = (
        Booking.objects.filter(session_id=session_id, status=Booking.Status.WAITING)
        .order_by("waiting_since", "id")
        .first()
    )
    if first is None:
        return None
    Booking.objects.filter(pk=first.pk).update(
        status=Booking.Status.BOOKED, place=place, waiting_since=None
    )
    first.refresh_from_db()
    return first


def reminders_send(day: dt.date | None = None) -> int:
    """The daily job (schedule: migration 0003): remind every booked family of their session on
    `day`, tomorrow unless told (each session of a course too). Once only, however often it
    runs: each reminder's key names booking and session. Returns how many reminders were asked
    for (those already sent included)."""
    day = day or timezone.localdate() + dt.timedelta(days=1)
    sessions = Session.objects.filter(starts__date=day, cancelled=False).select_related(
        "activity", "location"
    )
    asked = 0
    for session in sessions:
        booked = Booking.objects.filter(
            session_id=session.course_start_id or session.pk, status=Booking.Status.BOOKED
        ).select_related("session__activity", "session__location")
        for booking in booked:
            with transaction.atomic():
                _tell(booking, "booking_reminder", about=session)
            asked += 1
    return asked


# How long after its session a booking keeps who made it: long enough to answer a question about
# the session, no longer (the hub's figures keep the count of children, never the contact).
BOOKING_CONTACT_KEPT = dt.timedelta(days=90)
FORGOTTEN = "Forgotten after the session"


def bookings_forget(now: dt.datetime | None = None) -> int:
    """The daily job (schedule: migration 0004): clear the name, contact and children's ages of
    every booking whose session (for a course, its first session) ended BOOKING_CONTACT_KEPT
    ago. A booking made without an account has no other owner to ask; the session's audit event
    records how many were cleared. Returns that count."""
    before = (now or timezone.now()) - BOOKING_CONTACT_KEPT
    sessions = Session.objects.filter(ends__lt=before, bookings__contact_name__gt="").distinct()
    cleared = 0
    for session in sessions:
        with transaction.atomic():
            bookings = list(
                Booking.objects.select_for_update().filter(session=session).exclude(contact_name="")
            )
            for booking in bookings:
                # Still unique per booking: the one-active-booking rule indexes this key.
                booking.contact_key = f"forgotten:{booking.pk}"
            Booking.objects.bulk_update(bookings, ["contact_key"])
            Booking.objects.filter(pk__in=[b.pk for b in bookings]).update(
                contact_name="", contact="", children_ages=""
            )
            audit_record(
                actor=None,
                action=AuditEvent.Action.DELETE,
                record=session,
                reason=FORGOTTEN,
                details={"bookings_forgotten": len(bookings)},
            )
        cleared += len(bookings)
    return cleared


def cancel_link(booking: Booking) -> str:
    return settings.SITE_URL + reverse("activities:cancel", args=[booking.cancel_token])


def _tell(booking: Booking, template: str, *, about: Session | None = None) -> None:
    """A message to the family, by their channel, in their language, after the commit."""
    session = about or booking.session
    with translation.override(booking.language):
        when = date_format(timezone.localtime(session.starts), "l j F Y, H:i")
    key = f"{template}:{booking.pk}" + (f":{session.pk}" if about else "")
    message_send(
        template=template,
        channel=booking.channel,
        to=booking.contact,
        language=booking.language,
        idempotency_key=key,
        personalisation={
            "service_name": settings.SERVICE_NAME,
            "council_name": settings.COUNCIL_NAME,
            "activity": session.activity.name,
            "place": session.location.name,
            "when": when,
            "link": cancel_link(booking),
        },
    )
