"""The demo's What's on: sessions at the hubs, online and on the bus, loaded once; and a year
of registers behind them, with walk-ins, registrations and families who keep coming."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from familyhub.accounts.models import User
from familyhub.activities.models import Attendance, Booking, HubRegistration, Session
from familyhub.activities.selectors import register_sessions, sustained_engagement_families

pytestmark = pytest.mark.django_db


def test_the_demo_fills_whats_on_once_and_the_bus_is_never_in_two_places(demo_borough, client):
    call_command("load_demo_activities", verbosity=0)
    made, came = Session.objects.count(), Attendance.objects.count()
    call_command("load_demo_activities", verbosity=0)
    assert Session.objects.count() == made > 0
    assert Attendance.objects.count() == came > 0
    assert Session.objects.filter(vehicle__isnull=False).exists()
    assert Session.objects.filter(location__kind="virtual").exists()
    assert "Baby&#x27;s Day Out welcome session" in client.get("/whats-on/").text


def test_the_demo_hub_worker_has_todays_sessions_and_a_year_of_registers(demo_borough):
    call_command("load_demo_activities", verbosity=0)
    worker = User.objects.get(email="hub.worker@example.org")
    today = register_sessions(worker, day=timezone.localdate())
    assert today and all(session.booked > 0 and session.came == 0 for session in today)
    assert Attendance.objects.filter(walk_in=True).exists()
    assert Attendance.objects.filter(walk_in=False, family__isnull=False).exists()
    assert HubRegistration.objects.filter(registered_by=worker).count() > 10
    year_ago = timezone.localdate() - dt.timedelta(days=365)
    assert sustained_engagement_families(since=year_ago).count() > 10
    assert Booking.objects.filter(booked_by=worker, family__isnull=False).exists()
