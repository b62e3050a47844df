"""Reminders the day before: each booked family once, even when the job runs twice."""

import datetime as dt

import pytest
from django.utils import timezone
from django_q.models import Schedule

from familyhub.activities.services import reminders_send
from tests.activities_factories import BookingFactory, SessionFactory, WaitingBookingFactory

pytestmark = pytest.mark.django_db


def test_each_booked_family_is_reminded_once_when_the_job_runs_twice(
    fake_notify, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=2)
    booked = BookingFactory(session=session, channel="sms", contact="07700 900123", language="so")
    BookingFactory(session=session)
    WaitingBookingFactory(session=session)
    SessionFactory(cancelled=True)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(tomorrow)
        reminders_send(tomorrow)

    assert sorted((m.template, m.channel) for m in fake_notify) == [
        ("booking_reminder", "email"),
        ("booking_reminder", "sms"),
    ]
    text = next(m for m in fake_notify if m.channel == "sms")
    assert (text.to, text.language) == ("07700 900123", "so")
    assert booked.cancel_token in text.body


def test_a_course_booking_is_reminded_of_each_later_session(
    fake_notify, django_capture_on_commit_callbacks
):
    first = SessionFactory(activity__is_course=True)
    later = SessionFactory(
        activity=first.activity,
        course_start=first,
        starts=first.starts + dt.timedelta(days=7),
        ends=first.ends + dt.timedelta(days=7),
    )
    BookingFactory(session=first)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(timezone.localdate(later.starts))
    assert [m.template for m in fake_notify] == ["booking_reminder"]


def test_the_job_reminds_of_tomorrow_by_default_and_is_scheduled_daily(
    fake_notify, django_capture_on_commit_callbacks
):
    BookingFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send() == 1
    assert [m.template for m in fake_notify] == ["booking_reminder"]
    schedule = Schedule.objects.get(func="familyhub.activities.services.reminders_send")
    assert (schedule.schedule_type, schedule.repeats) == ("D", -1)
