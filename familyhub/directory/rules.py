"""Directory decisions as plain functions: who may change what, and what counts as stale."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from familyhub.accounts.models import Organisation, Role, User
from familyhub.directory.models import Location, Schedule
from familyhub.places.models import LocalAuthority

# Age bands of the national "Find support for your family" service: (lowest, highest) in years.
AGE_BANDS: dict[str, tuple[int, int]] = {
    "0-2": (0, 2),
    "3-5": (3, 5),
    "6-11": (6, 11),
    "12-15": (12, 15),
    "16-18": (16, 18),
    "19-25": (19, 25),
}
DISTANCE_CHOICES_MILES = (1, 2, 5, 10, 20)
# What a postcode search applies when it names no distance (the home page's postcode box).
DEFAULT_DISTANCE_MILES = 5


def stale_before(today: dt.date) -> dt.date:
    """Entries last checked before this date are flagged to their editors."""
    return today - dt.timedelta(days=settings.DIRECTORY_STALE_AFTER_DAYS)


def is_stale(last_checked: dt.date, today: dt.date) -> bool:
    return last_checked < stale_before(today)


def can_edit_entries(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Only an organisation's own editors change its services, places and sessions."""
    if not user.is_authenticated:
        return False
    return user.memberships.filter(organisation=organisation, role=Role.DIRECTORY_EDITOR).exists()


def managed_local_authorities(user: User | AnonymousUser) -> list[LocalAuthority]:
    """The local authorities whose directory this user manages (approvals, stale entries)."""
    if not user.is_authenticated:
        return []
    return list(
        LocalAuthority.objects.filter(
            organisation__memberships__user=user,
            organisation__memberships__role=Role.DIRECTORY_MANAGER,
        ).distinct()
    )


def may_decide_on(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Approving or rejecting an organisation: the managers of its council's directory."""
    return organisation.local_authority in managed_local_authorities(user)


def opening_hours(
    week: list[tuple[dt.date, list[Schedule]]],
) -> list[tuple[int, dt.time, dt.time]]:
    """A place's hours as (weekday, opens, closes), from the first session to the last each day.

    Places keep no opening hours of their own: a hub is open when its sessions run, so the
    hours are read from the coming week's sessions (`selectors.week_at`), Monday first.
    """
    hours = [
        (date.weekday(), min(s.opens_at for s in sessions), max(s.closes_at for s in sessions))
        for date, sessions in week
        if sessions
    ]
    return sorted(hours)


def location_phone(location: Location) -> str:
    """The number a family rings about a place: that of the organisation that runs it, once
    approved. Places keep no number of their own; a hall nobody in the directory runs has none."""
    organisation = location.organisation
    if organisation is None or organisation.status != Organisation.Status.APPROVED:
        return ""
    return organisation.phone


def who_for(*, minimum_age: int | None, maximum_age: int | None, for_pregnancy: bool) -> str:
    """Who a service is for, in words a family reads: "Expectant parents; Ages 0 to 2"."""
    if minimum_age is not None and maximum_age is not None:
        ages = _("Ages %(low)s to %(high)s") % {"low": minimum_age, "high": maximum_age}
    elif minimum_age is not None:
        ages = _("Ages %(low)s and over") % {"low": minimum_age}
    elif maximum_age is not None:
        ages = _("Up to age %(high)s") % {"high": maximum_age}
    else:
        ages = "" if for_pregnancy else _("All ages")
    parts = [_("Expectant parents")] if for_pregnancy else []
    return "; ".join([*parts, ages] if ages else parts)
