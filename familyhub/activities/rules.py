"""The decisions about sessions and bookings, as plain functions."""

import datetime as dt
import re

from familyhub.activities.models import Booking, Session


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
