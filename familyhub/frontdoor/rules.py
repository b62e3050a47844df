"""Pure rules of the front door: no database, no requests, so they are quick to test."""

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.conf import settings

from familyhub.notifications.notify import EMAIL, SMS, sends_by

if TYPE_CHECKING:
    from familyhub.frontdoor.models import SupportRequest

# A draft keeps a family's answers only this long: after that the link stops working, so that
# half-finished requests (personal data) are not kept for ever.
DRAFT_LIFETIME = dt.timedelta(days=28)
# What the confirmation promises; the triage timers in NeedLevel must be at least this quick.
FIRST_CONTACT_WORKING_DAYS = 2
# Families read references out on the phone: no 0/O or 1/I to confuse.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REFERENCE_PREFIX = "FH-"
REFERENCE_LENGTH = 6
# A due date further ahead than this is almost certainly a typing mistake.
DUE_DATE_MONTHS_AHEAD = 10
# Nobody in a household was born before this: catches "1" typed for "2001".
EARLIEST_BIRTH_YEAR = 1900


# SupportRequest.Contact.TEXT: the family asked to be contacted by text message.
CONTACT_BY_TEXT = "text"


def confirmation_route(
    *, contact_method: str, phone: str, email: str, texts_possible: bool = True
) -> tuple[str, str] | None:
    """How a sent request's confirmation reaches the family: (channel, address), or None.

    By text to a family who chose text messages (the number they gave is their mobile's), where
    the service can send texts (`texts_possible`: notify.sends_by(SMS)); otherwise by email if
    they gave an address, even when they asked for a call or a letter, since the email only
    confirms. None when they gave neither: the call or letter is the first contact.
    """
    if contact_method == CONTACT_BY_TEXT and phone.strip() and texts_possible:
        return SMS, phone.strip()
    if email.strip():
        return EMAIL, email.strip()
    return None


# The languages a message to a family is written in, by the request's language (a directory
# Language code): the site's own translations; English (with an interpreter) for any other.
MESSAGE_LANGUAGES = {"bn": "bn", "so": "so"}


def family_message_language(request: "SupportRequest") -> str:
    """The language a message to the family who sent this request is written in."""
    return MESSAGE_LANGUAGES.get(request.language_id or "", settings.LANGUAGE_CODE)


def family_message_route(request: "SupportRequest") -> tuple[str, str] | None:
    """How any later message reaches the family who sent this request, as its confirmation did
    (confirmation_route); None when they gave neither a mobile number nor an email address."""
    return confirmation_route(
        contact_method=request.contact_method,
        phone=request.phone,
        email=request.email,
        texts_possible=sends_by(SMS),
    )


def reference_new() -> str:
    """A fresh request reference, e.g. "FH-K7QW2M"."""
    return REFERENCE_PREFIX + "".join(
        secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH)
    )


def draft_reference_new() -> str:
    """A placeholder for a draft's unique reference, never shown: a real one is given on sending."""
    return "D-" + secrets.token_hex(5)


def resume_token_new() -> str:
    """The secret in a "save and come back later" link: 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)


def draft_expires_at(created: dt.datetime) -> dt.datetime:
    return created + DRAFT_LIFETIME


def draft_is_expired(created: dt.datetime, now: dt.datetime) -> bool:
    return now >= draft_expires_at(created)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has a 28th


def latest_due_date(today: dt.date) -> dt.date:
    return add_months(today, DUE_DATE_MONTHS_AHEAD)
