"""The outreach bus cannot be in two places at once: the database refuses an overlapping visit
(bypassing every Python check), and session_create says so as a ValidationError."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from familyhub.activities.models import Session
from familyhub.activities.services import session_create
from tests.activities_factories import ActivityFactory, SessionFactory, VehicleFactory, tomorrow_at
from tests.factories import LocationFactory

pytestmark = pytest.mark.django_db


def test_the_database_refuses_an_overlapping_visit_of_the_same_bus():
    bus = VehicleFactory()
    boundary = SessionFactory(vehicle=bus, starts=tomorrow_at(14), ends=tomorrow_at(16))
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            activity=boundary.activity,
            location=LocationFactory(name="Samuda Estate"),
            vehicle=bus,
            starts=tomorrow_at(15) + dt.timedelta(minutes=30),
            ends=tomorrow_at(17),
            capacity=10,
        )


def test_the_database_refuses_moving_a_visit_onto_another():
    bus = VehicleFactory()
    SessionFactory(vehicle=bus, starts=tomorrow_at(14), ends=tomorrow_at(16))
    later = SessionFactory(vehicle=bus, starts=tomorrow_at(16), ends=tomorrow_at(18))
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=later.pk).update(starts=tomorrow_at(15))


def test_back_to_back_visits_other_buses_and_cancelled_visits_are_allowed():
    bus = VehicleFactory()
    first = SessionFactory(vehicle=bus, starts=tomorrow_at(14), ends=tomorrow_at(16))
    SessionFactory(vehicle=bus, starts=tomorrow_at(16), ends=tomorrow_at(18))
    SessionFactory(vehicle=VehicleFactory(), starts=tomorrow_at(15), ends=tomorrow_at(17))
    Session.objects.filter(pk=first.pk).update(cancelled=True)
    SessionFactory(vehicle=bus, starts=tomorrow_at(14), ends=tomorrow_at(15))
    SessionFactory(starts=tomorrow_at(14), ends=tomorrow_at(16))  # not on a vehicle


def test_session_create_turns_the_refusal_into_a_validation_error():
    bus = VehicleFactory(name="The outreach bus")
    activity = ActivityFactory()
    session_create(
        activity=activity,
        location=LocationFactory(),
        vehicle=bus,
        starts=tomorrow_at(14),
        ends=tomorrow_at(16),
        capacity=10,
    )
    with pytest.raises(ValidationError) as refused:
        session_create(
            activity=activity,
            location=LocationFactory(),
            vehicle=bus,
            starts=tomorrow_at(15),
            ends=tomorrow_at(17),
            capacity=10,
        )
    assert refused.value.message_dict == {
        "starts": ["The outreach bus is somewhere else at that time."]
    }
    assert Session.objects.count() == 1
