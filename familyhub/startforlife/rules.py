"""The decisions of Start for Life, as plain functions: who may import, see and record what; what
identifies a notification; when each health visiting review is due; which counts are shown.

Who may do what (written out in tests/access/test_start_for_life_matrix.py):
- **Import notifications:** the council's administrators, who run its data feeds, and health
  visiting staff (a lead professional or practitioner of an NHS organisation), whose service
  sends them. The upload page reports rows by number and reason, never what they held.
- **The first 1,001 days** (named pregnancies and babies of a locality): the council's locality
  managers, who answer for the offer in their localities, and health visiting staff, who make
  the visits. The list is the Start for Life register, shared by the NHS with the council for
  its public task (the Healthy Child Programme and the invitation to every new parent): it shows
  what the notification said and what the hubs did, never the family record (which still asks
  families.rules). Every list shown is audited, one event per household.
- **Record a review done:** health visiting staff only.
- **Reach:** locality managers and data analysts; counts only, small numbers suppressed.
"""

import calendar
import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.models import Organisation, Role, Sector, User
from familyhub.accounts.selectors import memberships_of
from familyhub.startforlife.models import Milestone

HEALTH_VISITING_ROLES = (Role.LEAD_PROFESSIONAL, Role.PRACTITIONER)
IMPORT_ROLES = (Role.ADMINISTRATOR,)
FIRST_DAYS_ROLES = (Role.LOCALITY_MANAGER,)
REACH_ROLES = (Role.LOCALITY_MANAGER, Role.DATA_ANALYST)

# The first 1,001 days: conception to the second birthday (in months).
UNDER_TWO = 24
UNDER_FIVE = 60
# A new parent counts as contacted when their invitation went within this long of the birth.
CONTACTED_WITHIN = dt.timedelta(days=28)
# Published figures say "fewer than 5" for 1 to 4: a small number can name a family.
SUPPRESS_BELOW = 5

# How far from the due date a birth is still the birth of that pregnancy: a baby may come very
# early (from 24 weeks, so 16 weeks before the due date) or up to 6 weeks late; and another
# notice of a pregnancy with a due date within SAME_PREGNANCY_WITHIN is the same pregnancy.
BORN_EARLY_BY = dt.timedelta(weeks=17)
BORN_LATE_BY = dt.timedelta(weeks=6)
SAME_PREGNANCY_WITHIN = dt.timedelta(weeks=8)

# When each review is due, from the date of birth: (from, by), the Healthy Child Programme's,
# each as an amount of days or of months.
MILESTONE_WINDOWS: dict[str, tuple[tuple[int, str], tuple[int, str]]] = {
    Milestone.NEW_BIRTH_VISIT: ((10, "days"), (14, "days")),
    Milestone.SIX_TO_EIGHT_WEEKS: ((42, "days"), (56, "days")),
    Milestone.ONE_YEAR: ((9, "months"), (12, "months")),
    Milestone.TWO_YEARS: ((24, "months"), (30, "months")),
}


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), the month's last day where it is shorter:
    31 January + 1 month is 28 (or 29) February."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def born_after_for_under(months: int, today: dt.date) -> dt.date:
    """Children born after this day are younger than `months` today."""
    return months_after(today, -months)


def _after(day: dt.date, amount: tuple[int, str]) -> dt.date:
    count, unit = amount
    return day + dt.timedelta(days=count) if unit == "days" else months_after(day, count)


def _health_visiting_authority_ids(user: User | AnonymousUser) -> set[str]:
    held = [h for h in memberships_of(user) if h.role in HEALTH_VISITING_ROLES]
    if not held:
        return set()
    nhs = set(
        Organisation.objects.filter(
            pk__in=[h.organisation_id for h in held], sector=Sector.NHS
        ).values_list("pk", flat=True)
    )
    return {h.local_authority_id for h in held if h.organisation_id in nhs}


def _authority_ids_with(user: User | AnonymousUser, roles: tuple[str, ...]) -> set[str]:
    return {h.local_authority_id for h in memberships_of(user) if h.role in roles}


def import_authority_ids(user: User | AnonymousUser) -> set[str]:
    """The councils whose notifications this user may import."""
    return _authority_ids_with(user, IMPORT_ROLES) | _health_visiting_authority_ids(user)


def first_days_authority_ids(user: User | AnonymousUser) -> set[str]:
    """The councils whose first 1,001 days (named babies) this user may see."""
    return _authority_ids_with(user, FIRST_DAYS_ROLES) | _health_visiting_authority_ids(user)


def milestone_authority_ids(user: User | AnonymousUser) -> set[str]:
    """The councils whose babies' reviews this user may record as done."""
    return _health_visiting_authority_ids(user)


def reach_authority_ids(user: User | AnonymousUser) -> set[str]:
    """The councils whose reach figures (counts only) this user may see."""
    return _authority_ids_with(user, REACH_ROLES)


def notification_key(
    *,
    kind: str,
    parent_nhs_number: str,
    born_on: dt.date | None,
    due_date: dt.date | None,
    order: int,
) -> str:
    """What identifies a notification (see models.Notification): kept unique in the database."""
    if kind == "birth":
        assert born_on is not None
        return f"birth:{parent_nhs_number}:{born_on.isoformat()}:{order}"
    assert due_date is not None
    return f"pregnancy:{parent_nhs_number}:{due_date.isoformat()}"


def is_birth_of(*, due_date: dt.date, born_on: dt.date) -> bool:
    """Whether a baby born on this day is the one of a pregnancy due on that one."""
    return due_date - BORN_EARLY_BY <= born_on <= due_date + BORN_LATE_BY


def is_same_pregnancy(due_date: dt.date, other_due_date: dt.date) -> bool:
    """Whether two due dates are one pregnancy's (a scan moves a due date by weeks, not months)."""
    return abs(due_date - other_due_date) <= SAME_PREGNANCY_WITHIN


def milestone_window(milestone: str, born_on: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day on which the review is due."""
    start, end = MILESTONE_WINDOWS[milestone]
    return _after(born_on, start), _after(born_on, end)


class MilestoneState:
    DONE = "done"
    OVERDUE = "overdue"
    DUE = "due"
    NOT_YET = "not_yet"


STATE_LABELS = {
    MilestoneState.DONE: _("Done"),
    MilestoneState.OVERDUE: _("Overdue"),
    MilestoneState.DUE: _("Due now"),
    MilestoneState.NOT_YET: _("Not yet due"),
}


def milestone_state(milestone: str, *, born_on: dt.date, done: bool, today: dt.date) -> str:
    """Done; overdue once its last day has passed without it; due within its window; else not
    yet."""
    if done:
        return MilestoneState.DONE
    start, end = milestone_window(milestone, born_on)
    if today > end:
        return MilestoneState.OVERDUE
    return MilestoneState.DUE if today >= start else MilestoneState.NOT_YET


def shown_count(count: int) -> str:
    """A count as published: "fewer than 5" for 1 to 4 (0 says nobody, which names nobody)."""
    if 0 < count < SUPPRESS_BELOW:
        return str(_("fewer than %(n)s") % {"n": SUPPRESS_BELOW})
    return str(count)
