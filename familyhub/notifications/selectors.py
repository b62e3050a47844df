"""Reads for the background jobs page: what failed, what is stuck, and how the queue is doing.

Nothing here loads a message's address or personalisation: the page is about the plumbing.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django_q.models import Failure

from familyhub.notifications import rules
from familyhub.notifications.models import Message

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
