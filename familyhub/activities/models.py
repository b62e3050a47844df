"""What the hubs offer (activities), when and where (sessions), and who is coming (bookings).

The design, chosen so that the database itself keeps the promises the pages make:

- **A course is one booking.** A course's sessions share one booking, kept on its first session:
  the later sessions point at it (`Session.course_start`) and take no bookings of their own
  (services.booking_make refuses them). The first session's capacity is the course's.
- **Places are rows.** Creating a session creates `SessionPlace` rows numbered 1..capacity. A
  booked booking holds one place (`Booking.place`, unique), a waiting or cancelled one none (a
  check constraint ties "booked" to "holds a place"). So two bookings can never hold the same
  place and there can never be more booked than places, whatever runs at the same time: the
  unique index refuses the second, and the service retries with the next free place. A trigger
  (activities.triggers) refuses a place of another session.
- **The same family books once.** A booking keeps its contact, normalised (`contact_key`), and a
  partial unique constraint allows one active (booked or waiting) booking per contact per session.
- **The bus is in one place at a time.** A session on a vehicle (`Session.vehicle`) may not
  overlap another uncancelled session of the same vehicle: an exclusion constraint on PostgreSQL,
  triggers on SQLite (activities.triggers, made by migration 0002).
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.models import Organisation
from familyhub.directory.models import Language, Location, Service
from familyhub.families.models import Family
from familyhub.places.models import LocalAuthority

# How many children one booking may bring: more is a group, and the hub arranges it by phone.
MAX_CHILDREN = 10


def cancel_token() -> str:
    """The secret in a family's cancel link: 256 random bits."""
    return secrets.token_urlsafe(32)


class Vehicle(models.Model):
    """Something that takes sessions to people, such as the outreach bus: one place at a time."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    """What is offered: a kind of session, by an organisation, for children of some ages."""

    class Kind(models.TextChoices):
        STAY_AND_PLAY = "stay_and_play", _("Stay and play")
        INFANT_FEEDING = "infant_feeding", _("Infant feeding drop-in")
        ANTENATAL = "antenatal", _("Antenatal course")
        PARENTING = "parenting", _("Parenting course")
        WELCOME = "welcome", _("Baby's Day Out welcome session")
        PARENT_FORUM = "parent_forum", _("Parent forum")
        PARTNERSHIP = "partnership", _("Locality partnership meeting")
        OTHER = "other", _("Other")

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="activities"
    )
    service = models.ForeignKey(
        Service, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(max_length=2000, blank=True)
    # Ages in months; blank means no limit (an antenatal course has a maximum of 0).
    minimum_age_months = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age_months = models.PositiveSmallIntegerField(null=True, blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="activities")
    sibling_creche = models.BooleanField(default=False)
    accessibility = models.CharField(max_length=500, blank=True)
    is_course = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "activities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age_months__isnull=True)
                | models.Q(maximum_age_months__isnull=True)
                | models.Q(minimum_age_months__lte=models.F("maximum_age_months")),
                name="activity_age_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """One occurrence of an activity, at a place, for a number of families."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="sessions")
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    # A course's later sessions point at its first, which holds the course's one booking.
    course_start = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="course_sessions"
    )
    starts = models.DateTimeField()
    ends = models.DateTimeField()
    capacity = models.PositiveSmallIntegerField()
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts", "id"]
        indexes = [models.Index(fields=["starts"], name="session_starts")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts__lt=models.F("ends")), name="session_starts_before_end"
            ),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="session_has_room"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} at {self.location}, {timezone.localtime(self.starts):%d %b %H:%M}"


class SessionPlace(models.Model):
    """One of a session's places, numbered 1..capacity: a booking holds one (see the docstring)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="places")
    number = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="session_place_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="session_place_from_1"),
        ]

    def __str__(self) -> str:
        return f"place {self.number} of session {self.session_id}"


class Booking(models.Model):
    """A family's place at a session (or on its waiting list), made without an account."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("Text message")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="bookings")
    place = models.OneToOneField(
        SessionPlace, on_delete=models.PROTECT, null=True, blank=True, related_name="booking"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    contact_name = models.CharField(max_length=100)
    children = models.PositiveSmallIntegerField()
    # As the parent wrote them ("6 months, 3 years"): the hub reads them, nothing computes.
    children_ages = models.CharField(max_length=100)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    # The email address or mobile number; `contact_key` is it normalised, for the one-booking rule.
    contact = models.CharField(max_length=254)
    contact_key = models.CharField(max_length=254)
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    cancel_token = models.CharField(max_length=64, unique=True, default=cancel_token)
    created = models.DateTimeField(default=timezone.now)
    # The waiting list's order: first come, first offered.
    waiting_since = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    family = models.ForeignKey(
        Family, on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings"
    )

    class Meta:
        ordering = ["created", "id"]
        indexes = [
            models.Index(fields=["session", "status", "waiting_since"], name="booking_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["booked", "waiting", "cancelled"]),
                name="booking_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=["email", "sms"]), name="booking_channel_known"
            ),
            # Booked exactly when it holds a place: the count of booked is the count of places.
            models.CheckConstraint(
                condition=models.Q(status="booked", place__isnull=False)
                | (~models.Q(status="booked") & models.Q(place__isnull=True)),
                name="booking_booked_holds_a_place",
            ),
            models.CheckConstraint(
                condition=models.Q(children__gte=1, children__lte=MAX_CHILDREN),
                name="booking_children_counted",
            ),
            models.UniqueConstraint(
                fields=["session", "contact_key"],
                condition=models.Q(status__in=["booked", "waiting"]),
                name="booking_once_per_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"booking {self.pk} ({self.status}) for session {self.session_id}"


class HubRegistration(models.Model):
    """A household registered with a hub: they agreed to be contacted about what it offers.

    What the centres count as "registered", whether it was done on a register at a session or at
    the desk. One registration per household per hub; the agreement itself is a families.Consent
    (names and contact details, for the hub's organisation), kept with it.
    """

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="hub_registrations")
    hub = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="registrations")
    consent = models.ForeignKey(
        "families.Consent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    registered_on = models.DateField()
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # How the family agreed to be contacted: the shared record keeps no email address or phone
    # number, so the registration that holds the agreement holds them (blank for one made
    # elsewhere without them).
    channel = models.CharField(max_length=5, choices=Booking.Channel.choices, blank=True)
    contact = models.CharField(max_length=254, blank=True)
    language = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["-registered_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["family", "hub"], name="hub_registration_once"),
        ]

    def __str__(self) -> str:
        return f"{self.family_id} registered at {self.hub_id} on {self.registered_on}"


class Attendance(models.Model):
    """Somebody who came to a session: a booked family ticked in, or a walk-in added.

    A booked family's attendance points at its booking (once per booking). A walk-in has no
    booking; the name and number of children are what the worker wrote. Either may be linked to
    a household on the record (`family`), which is what makes visits countable per family: three
    or more is "sustained engagement" (activities.rules.SUSTAINED_VISITS).
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    booking = models.OneToOneField(
        Booking, on_delete=models.PROTECT, null=True, blank=True, related_name="attendance"
    )
    family = models.ForeignKey(
        Family, on_delete=models.SET_NULL, null=True, blank=True, related_name="attendances"
    )
    name = models.CharField(max_length=100)
    children = models.PositiveSmallIntegerField()
    walk_in = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    # The "Came to …" entry this attendance put on the family's chronology: written once, and
    # taken away with the attendance if it was ticked in error (services.register_save).
    chronology_event = models.OneToOneField(
        "families.ChronologyEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["session", "recorded_at", "id"]
        indexes = [models.Index(fields=["family", "session"], name="attendance_family")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(children__lte=MAX_CHILDREN), name="attendance_children_counted"
            ),
            # A walk-in has no booking; a booked family's attendance has one.
            models.CheckConstraint(
                condition=models.Q(walk_in=True, booking__isnull=True)
                | models.Q(walk_in=False, booking__isnull=False),
                name="attendance_walk_in_or_booked",
            ),
            models.UniqueConstraint(
                fields=["session", "family"],
                condition=models.Q(family__isnull=False),
                name="attendance_family_once_per_session",
            ),
        ]

    def __str__(self) -> str:
        return f"attendance {self.pk} at session {self.session_id}"
