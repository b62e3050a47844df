"""factory_boy factories for activities, named by state.

    session = SessionFactory(capacity=2)        # tomorrow at 10:00, its places made with it
    booked = BookingFactory(session=session)    # holds the lowest free place
    waiting = WaitingBookingFactory(session=session)
    bus_visit = SessionFactory(vehicle=VehicleFactory())

A session's places are rows (activities.models): the session factory makes them as
session_create does, and a booked booking takes the lowest free one.
"""

import datetime as dt

import factory
from django.utils import timezone

from familyhub.activities.models import (
    Activity,
    Attendance,
    Booking,
    HubRegistration,
    Session,
    SessionPlace,
    Vehicle,
)
from tests.factories import (
    LocalAuthorityFactory,
    LocationFactory,
    OrganisationFactory,
    StaffFactory,
)
from tests.families_factories import FamilyFactory

factory.Faker._DEFAULT_LOCALE = "en_GB"


def tomorrow_at(hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class VehicleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vehicle

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    name = factory.Sequence(lambda n: f"Outreach bus {n}")


class ActivityFactory(factory.django.DjangoModelFactory):
    """A stay and play for the under-fives."""

    class Meta:
        model = Activity

    organisation = factory.SubFactory(OrganisationFactory)
    local_authority = factory.SelfAttribute("organisation.local_authority")
    name = factory.Sequence(lambda n: f"Stay and play {n}")
    kind = Activity.Kind.STAY_AND_PLAY
    description = "Songs, toys and a chat for parents and children under 5."
    minimum_age_months = 0
    maximum_age_months = 59


class SessionFactory(factory.django.DjangoModelFactory):
    """Tomorrow 10:00-11:30 at a spoke, for 12 families, with its places."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    activity = factory.SubFactory(ActivityFactory)
    location = factory.SubFactory(LocationFactory)
    starts = factory.LazyFunction(lambda: tomorrow_at(10))
    ends = factory.LazyAttribute(lambda o: o.starts + dt.timedelta(minutes=90))
    capacity = 12

    @factory.post_generation
    def places(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            SessionPlace.objects.bulk_create(
                SessionPlace(session=self, number=n) for n in range(1, self.capacity + 1)
            )


def today_from_midnight() -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(0)))


class SessionTodayFactory(SessionFactory):
    """A session running all of today (so its register is open, whatever the time of day), at
    a place run by the activity's organisation."""

    starts = factory.LazyFunction(today_from_midnight)
    ends = factory.LazyAttribute(lambda o: o.starts + dt.timedelta(hours=23, minutes=59))
    location = factory.SubFactory(
        LocationFactory, organisation=factory.SelfAttribute("..activity.organisation")
    )


class SessionPlaceFactory(factory.django.DjangoModelFactory):
    """A place added beyond a session's own (a session's places come with it)."""

    class Meta:
        model = SessionPlace

    session = factory.SubFactory(SessionFactory)
    number = factory.LazyAttribute(lambda o: o.session.places.count() + 1)


def _free_place(booking: object) -> SessionPlace | None:
    return SessionPlace.objects.filter(session=booking.session, booking__isnull=True).first()


class BookingFactory(factory.django.DjangoModelFactory):
    """A family booked by email, holding the session's lowest free place."""

    class Meta:
        model = Booking

    session = factory.SubFactory(SessionFactory)
    status = Booking.Status.BOOKED
    place = factory.LazyAttribute(_free_place)
    contact_name = factory.Faker("name")
    children = 1
    children_ages = "8 months"
    channel = Booking.Channel.EMAIL
    contact = factory.Sequence(lambda n: f"parent{n}@example.org")
    contact_key = factory.SelfAttribute("contact")
    language = "en-gb"


class WaitingBookingFactory(BookingFactory):
    status = Booking.Status.WAITING
    place = None
    waiting_since = factory.LazyFunction(timezone.now)


class AttendanceFactory(factory.django.DjangoModelFactory):
    """A walk-in with two children, written on the register by a member of staff."""

    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    name = factory.Faker("name", locale="en_GB")
    children = 2
    walk_in = True
    recorded_by = factory.SubFactory(StaffFactory)


class HubRegistrationFactory(factory.django.DjangoModelFactory):
    """A household registered today with a hub (a spoke unless told otherwise)."""

    class Meta:
        model = HubRegistration

    family = factory.SubFactory(FamilyFactory)
    hub = factory.SubFactory(LocationFactory)
    registered_on = factory.LazyFunction(lambda: timezone.localdate())
