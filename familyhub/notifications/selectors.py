"""Reads for the background jobs page (what failed, what is stuck, how the queue is doing), and a
member of staff's own notices.

Nothing here loads a message's address or personalisation: the page is about the plumbing.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_q.models import Failure

from familyhub.accounts.models import User
from familyhub.notifications import rules
from familyhub.notifications.models import Message, Notice

SHOWN = 200
# Without the personal data: what the page may show.
MESSAGE_FIELDS = ("template", "status", "attempts", "next_attempt_at", "last_error", "created")


def message_counts() -> dict[str, int]:
    """How many messages are in each state, every state named (zero when none)."""
    counts = dict(Message.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return {status: counts.get(status, 0) for status in Message.Status.values}


def messages_failed() -> QuerySet[Message]:
    return Message.objects.filter(status=Message.Status.FAILED).only(*MESSAGE_FIELDS)[:SHOWN]


def messages_overdue(now: dt.datetime | None = None) -> QuerySet[Message]:
    """Messages long past their time: no worker is taking jobs, or one stopped mid-send."""
    late = (now or timezone.now()) - rules.OVERDUE_AFTER
    return (
        Message.objects.filter(
            Q(status=Message.Status.PENDING, next_attempt_at__lt=late)
            | Q(status=Message.Status.SENDING, claimed_until__lt=late)
        )
        .only(*MESSAGE_FIELDS)
        .order_by("next_attempt_at")[:SHOWN]
    )


def message_get(message_id: int) -> Message | None:
    return Message.objects.filter(pk=message_id).only(*MESSAGE_FIELDS).first()


@dataclass(frozen=True)
class FailedTask:
    name: str
    func: str
    started: dt.datetime
    stopped: dt.datetime
    attempts: int
    error: str


# The last line of a traceback names the exception; only its type is shown, since the message
# after it may quote data (an integrity error quotes the values it refused).
_EXCEPTION_TYPE = re.compile(r"^([A-Za-z_][\w.]*)(?::|$)")


def _error_type(result: object) -> str:
    lines = [line for line in str(result or "").strip().splitlines() if line.strip()]
    match = _EXCEPTION_TYPE.match(lines[-1].strip()) if lines else None
    return match.group(1) if match else "Error"


def tasks_failed() -> list[FailedTask]:
    """Jobs that raised (the queue's own record of them), newest first."""
    return [
        FailedTask(
            name=task.name,
            func=task.func,
            started=task.started,
            stopped=task.stopped,
            attempts=task.attempt_count,
            error=_error_type(task.result),
        )
        for task in Failure.objects.order_by("-stopped")[:SHOWN]
    ]


NOTICES_PER_PAGE = 25


def notices_of(user: User) -> QuerySet[Notice]:
    """The user's own notices, newest first (the page splits them into pages)."""
    return Notice.objects.filter(recipient=user).order_by("-created", "-id")


def notice_of(user: User, notice_id: int) -> Notice | None:
    """One of the user's own notices; None for anyone else's, as for one that does not exist."""
    return Notice.objects.filter(recipient=user, pk=notice_id).first()


def unread_count(user: User) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def users_with_unread_count(users: QuerySet[User]) -> QuerySet[User]:
    """The users, each with `unread_notices`: their unread notices counted in the same query,
    so that the header's count costs the page nothing (familyhub.backends)."""
    unread = (
        Notice.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return users.annotate(unread_notices=Coalesce(Subquery(unread), 0))
