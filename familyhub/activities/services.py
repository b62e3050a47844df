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
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.models import Organisation, User
from familyhub.activities import rules
from familyhub.activities.models import (
    Activity,
    Attendance,
    Booking,
    HubRegistration,
    Session,
    SessionPlace,
    Vehicle,
)
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.directory.models import Language, Location
from familyhub.families.models import (
    ChronologyEvent,
    Consent,
    Family,
    Involvement,
    LawfulBasis,
    Person,
)
from familyhub.families.models import Membership as HouseholdMember
from familyhub.families.services import (
    chronology_add,
    consent_record,
    family_create,
    involvement_start,
    person_add,
)
from familyhub.notifications.services import message_send
from familyhub.places.rules import PostcodeError
from familyhub.places.selectors import postcode_get

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
    ago, and the name on its register of everybody who came but is on no family record (a
    walk-in, or a booked family nobody registered). A booking made without an account has no
    other owner to ask; the session's audit event records how many of each were cleared.
    Returns how many bookings and attendances were cleared."""
    before = (now or timezone.now()) - BOOKING_CONTACT_KEPT
    sessions = Session.objects.filter(
        Q(bookings__contact_name__gt="")
        | Q(attendances__family__isnull=True, attendances__name__gt=""),
        ends__lt=before,
    ).distinct()
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
            # Who came stays counted (and per family, where a family record holds them).
            unlinked = (
                Attendance.objects.filter(session=session, family__isnull=True)
                .exclude(name="")
                .update(name="")
            )
            audit_record(
                actor=None,
                action=AuditEvent.Action.DELETE,
                record=session,
                reason=FORGOTTEN,
                details={"bookings_forgotten": len(bookings), "attendances_forgotten": unlinked},
            )
        cleared += len(bookings) + unlinked
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


# --- Registers ----------------------------------------------------------------------------------
#
# Ticked means an Attendance exists: saving the register adds one for each booked family newly
# ticked, and (on the session's own day only, rules.register_open_for_corrections) takes away
# the ones unticked, as ticked in error. Saving the same register twice changes nothing the
# second time: a booking has at most one attendance and a family one per session (the
# database's unique constraints), and only rows the form showed are ever taken away, so a
# colleague's tick made meanwhile stays. An attendance linked to a family record puts "Came to
# <activity> at <place>" on its chronology once, as the organisation taking the register, where
# the record's own rules decide who sees it.


@dataclass(frozen=True)
class RegisterSaved:
    added: int
    removed: int


def _register_organisation(session: Session, by: User) -> Organisation:
    """The organisation the user takes this register for, or PermissionDenied."""
    organisation_id = rules.register_organisation_id(by, session)
    if session.cancelled or organisation_id is None:
        raise PermissionDenied
    return Organisation.objects.get(pk=organisation_id)


def _register_open(session: Session) -> None:
    if not rules.register_can_be_taken(session, now=timezone.now()):
        raise ValidationError(_("The register opens on the day of the session."))


def register_save(
    *, session: Session, shown: Iterable[str], ticked: Iterable[str], by: User
) -> RegisterSaved:
    """Save a register: `shown` are the keys of the rows the form listed ("b<booking id>" for
    a booked family, "a<attendance id>" for somebody recorded already), `ticked` those ticked."""
    organisation = _register_organisation(session, by)
    _register_open(session)
    shown, ticked = set(shown), set(ticked) & set(shown)
    with transaction.atomic():
        _session_lock(session.pk)
        bookings = Booking.objects.filter(
            session=session,
            status=Booking.Status.BOOKED,
            pk__in=_ids(ticked, "b"),
            attendance__isnull=True,
        ).select_related("family")
        added = [
            attendance
            for booking in bookings
            if (attendance := _attendance_add(session, organisation, by, booking=booking))
        ]
        removed = []
        if rules.register_open_for_corrections(session, now=timezone.now()):
            removed = _attendances_unticked(session, shown - ticked, by)
    return RegisterSaved(added=len(added), removed=len(removed))


def _ids(keys: Iterable[str], prefix: str) -> set[int]:
    return {int(key[1:]) for key in keys if key[:1] == prefix and key[1:].isdigit()}


def _attendance_add(
    session: Session,
    organisation: Organisation,
    by: User,
    *,
    booking: Booking | None = None,
    name: str = "",
    children: int = 0,
) -> Attendance | None:
    """Somebody came: a booked family (its name and children from the booking, and its family
    record if the booking has one) or a walk-in. None if they were on the register already."""
    family = booking.family if booking else None
    try:
        with transaction.atomic():  # a savepoint: a second tick of the same is refused here
            attendance = Attendance.objects.create(
                session=session,
                booking=booking,
                family=family,
                name=booking.contact_name if booking else name,
                children=booking.children if booking else children,
                walk_in=booking is None,
                recorded_by=by,
            )
    except IntegrityError:
        return None
    if family is not None:
        _came_on_record(attendance, family, organisation, by)
    audit_record(
        actor=by,
        action=AuditEvent.Action.CREATE,
        record=attendance,
        details={"session": session.pk, "walk_in": attendance.walk_in},
    )
    return attendance


def _came_on_record(
    attendance: Attendance, family: Family, organisation: Organisation, by: User
) -> None:
    """ "Came to …" on the family's chronology, once per attendance."""
    if attendance.chronology_event_id is not None:
        return
    session = attendance.session
    event = chronology_add(
        family=family,
        organisation=organisation,
        by=by,
        occurred_on=timezone.localdate(session.starts),
        summary=f"Came to {session.activity.name} at {session.location.name}"[:200],
    )
    Attendance.objects.filter(pk=attendance.pk).update(chronology_event=event)
    attendance.chronology_event = event


def _attendances_unticked(session: Session, keys: set[str], by: User) -> list[int]:
    """Take away the attendances of these rows, ticked in error, and what they put on family
    records. Returns their ids."""
    gone = list(
        Attendance.objects.filter(
            Q(booking_id__in=_ids(keys, "b")) | Q(pk__in=_ids(keys, "a")), session=session
        ).select_related("chronology_event")
    )
    events = [a.chronology_event for a in gone if a.chronology_event is not None]
    Attendance.objects.filter(pk__in=[a.pk for a in gone]).delete()
    ChronologyEvent.objects.filter(pk__in=[e.pk for e in events]).delete()
    for record in [*events, *gone]:
        audit_record(
            actor=by, action=AuditEvent.Action.DELETE, record=record, reason="Ticked in error"
        )
    return [a.pk for a in gone]


def walk_in_add(*, session: Session, name: str, children: int, by: User) -> Attendance:
    """Somebody came without booking: on the register with the name and number of children
    the worker wrote (and on a family record only once registered: hub_registration_make)."""
    organisation = _register_organisation(session, by)
    _register_open(session)
    with transaction.atomic():
        attendance = _attendance_add(session, organisation, by, name=name, children=children)
    assert attendance is not None  # a walk-in has no booking and no family: nothing to clash
    return attendance


@dataclass(frozen=True)
class NewHousehold:
    """A family registering with the hub, as the worker wrote it down at the session."""

    name: str
    postcode: str
    parent_given_name: str
    parent_family_name: str
    children: tuple[tuple[str, dt.date], ...]  # (first name, may be blank; date of birth)
    due_date: dt.date | None
    channel: str
    contact: str
    language: str
    address_1: str = ""


def hub_registration_make(
    *,
    session: Session,
    household: NewHousehold,
    by: User,
    attendance: Attendance | None = None,
) -> HubRegistration:
    """Register a new family with the hub at a session: their household on the shared record
    (placed by its postcode), the parent's agreement to be contacted by the organisation taking
    the register (a consent for names and contact details, given in person), that
    organisation's involvement (so the worker sees the family), and the registration, which
    keeps how to contact them. All or nothing, each with its audit event. `attendance`, a
    walk-in or a booked family on this register, is linked to the new family record."""
    organisation = _register_organisation(session, by)
    council = session.activity.local_authority
    _household_check(household, council.code)
    if attendance is not None and (attendance.session_id != session.pk or attendance.family_id):
        raise ValidationError(_("This person is already on a family record."))
    with transaction.atomic():
        family = family_create(
            local_authority=council,
            name=household.name,
            by=by,
            address_1=household.address_1,
            postcode=household.postcode,
        )
        parent = _household_people(family, household, by)
        hub = _hub_of(session, family)
        consent = consent_record(
            family=family,
            scope=Consent.Scope.CONTACT_DETAILS,
            organisations=[organisation],
            purpose=f"To be contacted by {organisation.name} about what {hub.name} offers",
            lawful_basis=LawfulBasis.CONSENT,
            given_how=Consent.Given.VERBAL,
            by=by,
            given_by=parent,
        )
        involvement_start(
            family=family,
            organisation=organisation,
            worker=None,
            role=Involvement.Role.HUB_TEAM,
            by=by,
        )
        registration = HubRegistration.objects.create(
            family=family,
            hub=hub,
            consent=consent,
            registered_on=timezone.localdate(),
            registered_by=by,
            channel=household.channel,
            contact=household.contact,
            language=household.language,
        )
        audit_record(
            actor=by,
            action=AuditEvent.Action.CREATE,
            record=registration,
            details={"hub": str(hub.pk), "session": session.pk},
        )
        if attendance is not None:
            _attendance_link(attendance, family, organisation, by)
    return registration


def _household_check(household: NewHousehold, council_code: str) -> None:
    """Refuse what cannot make a registration: no child and no pregnancy, an unknown postcode
    or one outside the council (each family registers with its own council's hubs)."""
    if not household.children and household.due_date is None:
        raise ValidationError(
            {"child_1_born": _("Enter a child's date of birth, or that the family is expecting")}
        )
    try:
        postcode = postcode_get(household.postcode)
    except PostcodeError as error:
        raise ValidationError({"postcode": str(error)}) from error
    if postcode.local_authority_code != council_code:
        raise ValidationError(
            {"postcode": _("This postcode is in another council's area: register there")}
        )


def _household_people(family: Family, household: NewHousehold, by: User) -> Person:
    """The parent, the children and an unborn child; returns the parent (who gave consent)."""
    code = household.language.split("-")[0]
    parent = person_add(
        family=family,
        role=HouseholdMember.Role.PARENT,
        by=by,
        given_name=household.parent_given_name,
        family_name=household.parent_family_name,
        languages=Language.objects.filter(code=code),
    ).person
    for given_name, born in household.children:
        person_add(
            family=family,
            role=HouseholdMember.Role.CHILD,
            by=by,
            given_name=given_name,
            family_name=household.parent_family_name,
            date_of_birth=born,
        )
    if household.due_date is not None:
        person_add(
            family=family,
            role=HouseholdMember.Role.UNBORN,
            by=by,
            family_name=household.parent_family_name,
            due_date=household.due_date,
        )
    return parent


def _hub_of(session: Session, family: Family) -> Location:
    """Where the family registered: the session's place if it is a hub or spoke; for a session
    online or on the bus, the hub that serves the family's postcode."""
    if session.location.kind in (Location.Kind.MAIN_HUB, Location.Kind.SPOKE):
        return session.location
    return family.hub or session.location


def _attendance_link(
    attendance: Attendance, family: Family, organisation: Organisation, by: User
) -> None:
    Attendance.objects.filter(pk=attendance.pk).update(family=family)
    attendance.family = family
    _came_on_record(attendance, family, organisation, by)
    audit_record(
        actor=by,
        action=AuditEvent.Action.CHANGE,
        record=attendance,
        details={"family": str(family.pk)},
    )
