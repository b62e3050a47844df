"""What's on, booking a place and cancelling it, as a family uses them (no account)."""

import pytest
from django.urls import reverse

from familyhub.activities.models import Booking
from tests.activities_factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db


def booking_form(**changes):
    return {
        "contact_name": "Amina Begum",
        "children": "2",
        "children_ages": "8 months and 3 years",
        "channel": "sms",
        "email": "",
        "mobile": "07700 900982",
        "language": "bn",
    } | changes


def test_whats_on_lists_upcoming_sessions_and_filters_by_place(client):
    shown = SessionFactory(activity__name="Rhyme time")
    SessionFactory(activity__name="Baby massage")
    response = client.get(reverse("activities:whats-on"), {"place": str(shown.location_id)})
    assert response.status_code == 200
    assert "Rhyme time" in response.text and "Baby massage" not in response.text


def test_a_filter_that_is_not_a_choice_is_ignored_not_an_error(client):
    SessionFactory(activity__name="Rhyme time")
    response = client.get(reverse("activities:whats-on"), {"place": "x" * 500, "day": "soon"})
    assert response.status_code == 200


def test_a_family_books_a_place_and_is_told(
    client, fake_notify, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("activities:session", args=[session.pk]), booking_form())
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:booking", args=[booking.cancel_token])
    assert (booking.status, booking.contact, booking.language) == ("booked", "07700 900982", "bn")
    assert [(m.template, m.channel, m.to) for m in fake_notify] == [
        ("booking_confirmed", "sms", "07700 900982")
    ]
    page = client.get(response["Location"])
    assert "Your place is booked" in page.text


def test_a_full_session_offers_the_waiting_list(client):
    session = SessionFactory(capacity=1)
    BookingFactory(session=session)
    page = client.get(reverse("activities:session", args=[session.pk]))
    assert "Join the waiting list" in page.text
    client.post(reverse("activities:session", args=[session.pk]), booking_form())
    assert session.bookings.filter(status="waiting").count() == 1


def test_the_same_number_twice_is_a_form_error(client):
    session = SessionFactory()
    url = reverse("activities:session", args=[session.pk])
    client.post(url, booking_form())
    response = client.post(url, booking_form(mobile="+44 7700 900 982"))
    assert response.status_code == 200
    assert "You have already booked this session" in response.text
    assert session.bookings.count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"contact_name": "x" * 101},
        {"children_ages": "y" * 101},
        {"children": "0"},
        {"children": "11"},
        {"children": "two"},
        {"channel": "pigeon"},
        {"channel": "email", "email": "not-an-address"},
        {"mobile": "123"},
        {"mobile": ""},
        {"language": "fr"},
        {"contact_name": ""},
    ],
)
def test_bad_answers_are_form_errors(client, changes):
    session = SessionFactory()
    response = client.post(
        reverse("activities:session", args=[session.pk]), booking_form(**changes)
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert not session.bookings.exists()


def test_nul_bytes_are_refused(client):
    session = SessionFactory()
    response = client.post(
        reverse("activities:session", args=[session.pk]), booking_form(contact_name="A\x00B")
    )
    assert response.status_code == 400
    assert not session.bookings.exists()


def test_unknown_sessions_and_links_are_not_found(client):
    assert client.get("/whats-on/999999/").status_code == 404
    assert client.get("/whats-on/cancel/not-a-token").status_code == 404
    assert client.get("/whats-on/booking/not-a-token/").status_code == 404


def test_cancelling_asks_first_and_only_the_post_cancels(
    client, fake_notify, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    booking = BookingFactory(session=session)
    waiting = BookingFactory(session=session, status="waiting", place=None)
    url = reverse("activities:cancel", args=[booking.cancel_token])
    page = client.get(url)
    booking.refresh_from_db()
    assert "Cancel my booking" in page.text and booking.status == "booked"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert "Your booking is cancelled" in response.text
    assert (booking.status, waiting.status) == ("cancelled", "booked")
    assert [m.template for m in fake_notify] == ["booking_place_offered"]


def test_booking_is_rate_limited(client, settings):
    settings.RATE_LIMIT_BOOKING = "2/h"
    session = SessionFactory(capacity=10)
    url = reverse("activities:session", args=[session.pk])
    for n in range(2):
        client.post(url, booking_form(mobile=f"07700 90098{n}"))
    assert client.post(url, booking_form(mobile="07700 900989")).status_code == 429


@pytest.mark.parametrize(
    ("language", "words"),
    [("bn", "কী চলছে"), ("so", "Waxa socda")],
)
def test_pages_are_in_bengali_and_somali(client, language, words):
    session = SessionFactory()
    client.cookies["django_language"] = language
    assert words in client.get(reverse("activities:whats-on")).text
    assert words in client.get(reverse("activities:session", args=[session.pk])).text
