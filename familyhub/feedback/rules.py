"""Feedback's decisions: who reads the families' comments, how long a survey link works, and
which episodes and sessions are asked about. Each one function, called wherever it applies."""

import datetime as dt

from django.contrib.auth.models import AnonymousUser

from familyhub.accounts.models import Role, User
from familyhub.accounts.selectors import memberships_of
from familyhub.notifications.notify import SMS, sends_by

# A survey link works this long after it was sent; then the page says it has closed (as for a
# link that never existed).
INVITATION_LASTS = dt.timedelta(days=60)
# How far back the job looks: episodes closed, and sessions ended, this recently. A job that
# did not run for a day or two still invites everybody; a family is never asked about help
# that ended long ago.
EPISODES_CLOSED_WITHIN = dt.timedelta(days=14)
SESSIONS_ENDED_WITHIN = dt.timedelta(days=2)

# Who reads what families wrote: the council's locality managers, who run the hubs, and its
# data analysts. The board sees only the figures (selectors.feedback_scores).
COMMENT_READER_ROLES = (Role.LOCALITY_MANAGER, Role.DATA_ANALYST)


def comment_councils(user: User | AnonymousUser) -> list[str]:
    """The councils whose families' comments the user may read."""
    return sorted(
        {
            held.local_authority_id
            for held in memberships_of(user)
            if held.role in COMMENT_READER_ROLES
        }
    )


def invitation_open(sent_at: dt.datetime, *, now: dt.datetime) -> bool:
    """Whether a survey sent at `sent_at` may still be answered."""
    return now < sent_at + INVITATION_LASTS


def booking_reachable(channel: str, contact: str) -> bool:
    """Whether a booked family can be asked by the channel they booked with: a contact not yet
    forgotten, and no text message where the site cannot send texts (it would fail every
    retry; a booking keeps one way to reach the family, so there is nothing to fall back on)."""
    return bool(contact) and (channel != SMS or sends_by(SMS))
