"""Bookings made without an account keep who made them only for a while after the session:
the daily job clears the name, contact and children's ages, and the audit trail counts it."""

import datetime as dt

import pytest
from django.utils import timezone
from django_q.models import Schedule

from familyhub.activities.models import Booking
from familyhub.activities.services import BOOKING_CONTACT_KEPT, bookings_forget
from familyhub.audit.models import AuditEvent
from tests.activities_factories import AttendanceFactory, BookingFactory, SessionFactory
from tests.families_factories import FamilyFactory

pytestmark = pytest.mark.django_db


def session_ended(days_ago: int):
    ends = timezone.now() - dt.timedelta(days=days_ago)
    return SessionFactory(starts=ends - dt.timedelta(hours=2), ends=ends, capacity=3)


def test_past_sessions_bookings_are_forgotten_once_and_recent_ones_kept():
    kept_days = BOOKING_CONTACT_KEPT.days
    old = BookingFactory(session=session_ended(kept_days + 1), contact_name="Amina Begum")
    BookingFactory(session=old.session, contact_name="Hodan Ali")
    recent = BookingFactory(session=session_ended(kept_days - 1), contact_name="Nadia Khan")

    assert bookings_forget() == 2
    assert bookings_forget() == 0  # the job run twice changes nothing more

    forgotten = Booking.objects.filter(session=old.session)
    assert set(forgotten.values_list("contact_name", "contact", "children_ages")) == {("", "", "")}
    assert all(b.children > 0 for b in forgotten)  # the count stays for the hub's figures
    recent.refresh_from_db()
    assert recent.contact_name == "Nadia Khan" and recent.contact
    event = AuditEvent.objects.get(action=AuditEvent.Action.DELETE, actor=None)
    assert event.details == {"bookings_forgotten": 2, "attendances_forgotten": 0}


def test_names_on_old_registers_are_forgotten_unless_on_a_family_record():
    old = session_ended(BOOKING_CONTACT_KEPT.days + 1)
    walk_in = AttendanceFactory(session=old, name="Hodan Ali", children=2)
    registered = AttendanceFactory(session=old, name="Amina Rahman", family=FamilyFactory())
    recent = AttendanceFactory(session=session_ended(BOOKING_CONTACT_KEPT.days - 1), name="Nadia")

    assert bookings_forget() == 1
    assert bookings_forget() == 0

    walk_in.refresh_from_db()
    registered.refresh_from_db()
    recent.refresh_from_db()
    assert (walk_in.name, walk_in.children) == ("", 2)  # still counted
    assert registered.name == "Amina Rahman"  # kept with the family's record
    assert recent.name == "Nadia"
    event = AuditEvent.objects.get(action=AuditEvent.Action.DELETE, actor=None)
    assert event.details == {"bookings_forgotten": 0, "attendances_forgotten": 1}


def test_migrate_schedules_the_daily_job():
    assert Schedule.objects.filter(
        func="familyhub.activities.services.bookings_forget", schedule_type="D"
    ).exists()
