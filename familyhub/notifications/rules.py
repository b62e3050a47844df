"""When to try a message again, when to give up, and who may see the background jobs."""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django_q.conf import Conf

from familyhub.accounts.models import Role, User

# 1, 2, 4 … minutes, at most an hour apart: ten attempts span about four hours, long enough to
# ride out a mail server's bad afternoon; after that an administrator is shown the failure.
FIRST_RETRY = dt.timedelta(minutes=1)
LONGEST_RETRY = dt.timedelta(hours=1)
MAX_ATTEMPTS = 10

# A job may run for the queue's timeout before the worker is stopped; the claim lasts a little
# longer (the worker's own grace and the guard's check), so no second job can claim a message
# while the first could still be sending it.
CLAIM_MARGIN = dt.timedelta(seconds=5)

# A message waiting this long past its time means no worker is taking jobs.
OVERDUE_AFTER = dt.timedelta(minutes=15)

# The administrators run the service and its mail settings, so they are the ones who can act on
# a failure. The page shows no personal data, but locality managers could not fix a mail server
# either: a list they cannot act on would only be noise on their home page.
JOBS_ROLES = (Role.ADMINISTRATOR,)


def retry_delay(attempts: int) -> dt.timedelta:
    """How long to wait after the given number of failed attempts (1 or more)."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def is_last_attempt(attempts: int) -> bool:
    return attempts >= MAX_ATTEMPTS


def claim_lasts() -> dt.timedelta:
    """How long a job owns the message it claimed: longer than the queue lets a job run."""
    return dt.timedelta(seconds=Conf.TIMEOUT) + CLAIM_MARGIN


def may_see_jobs(user: User | AnonymousUser) -> bool:
    return isinstance(user, User) and user.memberships.filter(role__in=JOBS_ROLES).exists()


def is_local_path(link: str) -> bool:
    """A path on this site ("/staff/…"), never another site's address ("//evil.example",
    "https://…", "/\\evil.example"): a notice's link is followed by a redirect."""
    return link.startswith("/") and not link.startswith(("//", "/\\")) and "://" not in link
