"""No double booking and a fair waiting list under real concurrency: threads, each with its own
connection to PostgreSQL. SQLite runs one writer at a time (its transactions begin IMMEDIATE), so
there is nothing concurrent to test there; the same constraints keep it correct
(test_bookings.py: the database refuses a second booking of one place)."""

import threading

import pytest
from django.db import connection, connections

from familyhub.activities.models import Booking
from familyhub.activities.services import booking_cancel, booking_make
from tests.activities_factories import SessionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite has one writer at a time: nothing runs concurrently to test",
    ),
]


def run_together(work, arguments):
    """Run work(argument) in one thread each, started together; the errors they raised."""
    start = threading.Barrier(len(arguments))
    errors = []

    def one(argument):
        try:
            start.wait()
            work(argument)
        except Exception as error:  # noqa: BLE001 - the test reports every failure
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(a,)) for a in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def book(session, n):
    return booking_make(
        session=session,
        contact_name=f"Parent {n}",
        children=1,
        children_ages="2",
        channel="email",
        contact=f"parent{n}@example.org",
        language="en-gb",
    )


def test_parallel_bookings_never_book_more_than_the_places(postcodes):
    session = SessionFactory(capacity=5)
    errors = run_together(lambda n: book(session, n), list(range(30)))
    assert errors == []
    statuses = list(session.bookings.values_list("status", flat=True))
    assert statuses.count("booked") == 5 and statuses.count("waiting") == 25
    assert sorted(session.bookings.exclude(place=None).values_list("place__number", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
    ]


def test_concurrent_cancellations_promote_different_families_in_order(postcodes):
    session = SessionFactory(capacity=4)
    booked = [book(session, n) for n in range(4)]
    waiting = [book(session, n) for n in range(4, 10)]
    errors = run_together(lambda b: booking_cancel(booking=b), booked)
    assert errors == []
    promoted = set(session.bookings.filter(status="booked").values_list("pk", flat=True))
    assert promoted == {b.pk for b in waiting[:4]}
    assert session.bookings.filter(status="waiting").count() == 2


def test_cancellations_and_bookings_at_once_keep_every_place_held_once(postcodes):
    session = SessionFactory(capacity=3)
    booked = [book(session, n) for n in range(3)]
    book(session, 3)

    def either(item):
        if isinstance(item, Booking):
            booking_cancel(booking=item)
        else:
            book(session, item)

    errors = run_together(either, [*booked, 10, 11, 12, 13])
    assert errors == []
    held = session.bookings.filter(status="booked")
    assert held.count() == 3
    assert session.bookings.filter(status="waiting").count() == 2
