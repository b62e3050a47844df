"""Booking a place: places first, then the waiting list; cancelling promotes; one per contact."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from familyhub.activities.models import Booking
from familyhub.activities.services import booking_cancel, booking_make
from tests.activities_factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db


def book(session, n, channel="email", language="en-gb"):
    contact = f"parent{n}@example.org" if channel == "email" else f"07700 900{n:03d}"
    return booking_make(
        session=session,
        contact_name=f"Parent {n}",
        children=1,
        children_ages="8 months",
        channel=channel,
        contact=contact,
        language=language,
    )


def test_bookings_fill_the_places_then_wait(fake_notify, django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        first, second, third = (book(session, n) for n in range(3))
    assert [b.status for b in (first, second, third)] == ["booked", "booked", "waiting"]
    assert [b.place.number for b in (first, second)] == [1, 2]
    assert [m.template for m in fake_notify] == [
        "booking_confirmed",
        "booking_confirmed",
        "booking_waiting",
    ]
    assert first.cancel_token in fake_notify[0].body


def test_cancelling_promotes_the_first_waiting_and_tells_them_once(
    fake_notify, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    booked = book(session, 0)
    first_waiting = book(session, 1, channel="sms", language="bn")
    book(session, 2)
    fake_notify.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert booking_cancel(booking=booked) is True
        assert booking_cancel(booking=booked) is False  # a second click changes nothing

    first_waiting.refresh_from_db()
    assert first_waiting.status == Booking.Status.BOOKED and first_waiting.place.number == 1
    assert [(m.template, m.channel, m.language) for m in fake_notify] == [
        ("booking_place_offered", "sms", "bn")
    ]
    assert list(session.bookings.values_list("status", flat=True)) == [
        "cancelled",
        "booked",
        "waiting",
    ]


def test_cancelling_a_waiting_booking_promotes_nobody(
    fake_notify, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    book(session, 0)
    waiting = book(session, 1)
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=waiting)
    assert fake_notify == []
    assert session.bookings.filter(status="booked").count() == 1


def test_the_same_contact_cannot_book_twice_while_active():
    session = SessionFactory(capacity=5)
    first = booking_make(
        session=session,
        contact_name="Amina",
        children=1,
        children_ages="1",
        channel="sms",
        contact="07700 900982",
        language="bn",
    )
    with pytest.raises(ValidationError):
        booking_make(
            session=session,
            contact_name="Amina",
            children=1,
            children_ages="1",
            channel="sms",
            contact="+44 7700 900 982",
            language="bn",
        )
    booking_cancel(booking=first)
    again = booking_make(
        session=session,
        contact_name="Amina",
        children=1,
        children_ages="1",
        channel="sms",
        contact="07700900982",
        language="bn",
    )
    assert again.status == Booking.Status.BOOKED


def test_the_database_refuses_a_second_booking_of_one_place():
    session = SessionFactory(capacity=1)
    held = BookingFactory(session=session)
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(session=session, place=held.place)


def test_the_database_refuses_a_place_of_another_session():
    other = SessionFactory(capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(session=SessionFactory(capacity=1), place=other.places.get())


def test_the_database_refuses_booked_without_a_place():
    session = SessionFactory(capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(session=session, place=None)


def test_a_course_is_booked_on_its_first_session_only():
    first = SessionFactory(activity__is_course=True)
    later = SessionFactory(activity=first.activity, course_start=first)
    with pytest.raises(ValidationError):
        book(later, 0)
    assert book(first, 0).status == "booked"


def test_a_cancelled_session_cannot_be_booked():
    with pytest.raises(ValidationError):
        book(SessionFactory(cancelled=True), 0)
