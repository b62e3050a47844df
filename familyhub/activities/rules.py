"""The decisions about sessions, bookings and registers, as plain functions."""

import datetime as dt
import re
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from familyhub.accounts.models import Role, User
from familyhub.accounts.selectors import memberships_of
from familyhub.activities.models import Booking, Session

# Families who came to this many sessions in a period count as "sustained engagement": the
# centres' headline figure beside "registered" (selectors.sustained_engagement_families).
SUSTAINED_VISITS = 3

# The roles whose work is at sessions with families: the ones who take a register. Triage
# works the front door's queue, social workers their handovers, and the rest never work with
# individual families, so none of them take one.
REGISTER_ROLES = (Role.PRACTITIONER, Role.LEAD_PROFESSIONAL, Role.LOCALITY_MANAGER)


def contact_key(*, channel: str, contact: str) -> str:
    """The contact as the one-booking-per-session rule compares it: an email address in lower
    case, a mobile number as its digits with +44 written as 0 (07700 900982 = +447700900982)."""
    if channel == Booking.Channel.SMS:
        digits = re.sub(r"\D", "", contact)
        return "0" + digits[2:] if digits.startswith("44") else digits
    return contact.strip().lower()


def is_bookable(session: Session, *, now: dt.datetime) -> bool:
    """A family may book a session that has not started, is not cancelled, and is the first of
    its course (a course's later sessions share the first one's booking)."""
    return not session.cancelled and session.course_start_id is None and session.starts > now


def register_organisation_ids(user: User | AnonymousUser) -> list[UUID]:
    """The organisations for which the user takes registers (a register role held there)."""
    return list(
        dict.fromkeys(
            held.organisation_id for held in memberships_of(user) if held.role in REGISTER_ROLES
        )
    )


def takes_registers(user: User | AnonymousUser) -> bool:
    """Whether the user holds a register role anywhere: who has a list of sessions at all."""
    return bool(register_organisation_ids(user))


def register_organisation_id(user: User | AnonymousUser, session: Session) -> UUID | None:
    """The organisation through which the user takes this session's register: the one running
    the session's place (Location.organisation) if the user works there, else the activity's
    own. None if neither: then the user may not take it. What the register writes on a family's
    record (consent, involvement, chronology) is written as this organisation."""
    mine = register_organisation_ids(user)
    for organisation_id in (session.location.organisation_id, session.activity.organisation_id):
        if organisation_id is not None and organisation_id in mine:
            return organisation_id
    return None


def may_take_register(user: User | AnonymousUser, session: Session) -> bool:
    """Who may open a session's register, tick families in, add walk-ins, register a family
    with the hub and book a family a place: staff in a register role (REGISTER_ROLES: partner
    practitioner, lead professional, locality manager) of the organisation running the activity
    or the organisation running the place it is at. Nobody else is even told the session has a
    register (the pages answer 404); a cancelled session has none."""
    return not session.cancelled and register_organisation_id(user, session) is not None


def register_can_be_taken(session: Session, *, now: dt.datetime) -> bool:
    """Families are ticked in from the session's day on: before it, nobody has come yet."""
    return timezone.localdate(now) >= timezone.localdate(session.starts)


def register_open_for_corrections(session: Session, *, now: dt.datetime) -> bool:
    """A tick may be taken back (recorded in error) on the session's own day only: after that
    the register is what happened, and what it put on family records stays."""
    return timezone.localdate(now) <= timezone.localdate(session.starts)


def is_sustained(visits: int) -> bool:
    return visits >= SUSTAINED_VISITS
