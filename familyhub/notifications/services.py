"""Sending messages through the job queue: written with the change, delivered once, retried.

    message_send(template="request_received", to=..., personalisation={...},
                 idempotency_key=f"request_received:{request.pk}")

`message_send` is called inside the caller's transaction: the message is saved (or rolled back)
with the change that causes it, and its delivery job is queued only once that commits. The job,
`message_deliver`, claims the message with one compare-and-set UPDATE before sending, so two
jobs for one message (a double enqueue, a task redelivered after a worker died) send it once.
A failed attempt waits 1, 2, 4 … minutes (rules.retry_delay) and is tried again by the sweep,
`messages_deliver_due`, which a schedule runs every minute; the sweep also picks up messages
whose job was lost (a broker that was down, a worker killed mid-send). After the last attempt a
message is failed, and administrators see it at /staff/jobs/.

The web request never waits for the mail server and never fails because of it.
"""

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django_q.tasks import async_task

from familyhub.accounts.models import User
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.notifications import notify, rules
from familyhub.notifications.models import NOTICE_TEXT_LENGTH, Message, Notice

logger = logging.getLogger(__name__)

DELIVER = "familyhub.notifications.services.message_deliver"
# How many messages one sweep queues; the rest wait for the next minute's sweep.
SWEEP_BATCH = 500


def message_send(
    *,
    template: str,
    to: str,
    personalisation: dict,
    idempotency_key: str,
    language: str | None = None,
    channel: str = Message.Channel.EMAIL,
) -> Message:
    """Put a message in the outbox, to be sent after the current transaction commits.

    A second call with the same key returns the first message and sends nothing more.
    `language` defaults to the language active now (the family's, in a family's request).
    `channel` is email or SMS (`to` is then a mobile number); the template must exist for it.
    """
    if not notify.has_template(template, channel):
        raise KeyError(f"no {channel} notification template called {template!r}")
    message, created = Message.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={
            "template": template,
            "channel": channel,
            "to": to,
            "personalisation": personalisation,
            "language": language or translation.get_language() or "en-gb",
        },
    )
    if created:
        transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(message_id: int) -> None:
    # Never raises into the request that sent the message: if the queue cannot be reached the
    # message waits in the outbox, and the sweep queues it when the queue is back.
    try:
        async_task(DELIVER, message_id, group="messages")
    except Exception:
        logger.exception("message %s: could not queue its delivery; the sweep will", message_id)


def _claim(message_id: int) -> bool:
    """Take the message for this job, if it is due and nobody else holds it. One UPDATE."""
    now = timezone.now()
    due = Q(status=Message.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Message.Status.SENDING, claimed_until__lt=now
    )
    claimed = Message.objects.filter(due, pk=message_id, attempts__lt=rules.MAX_ATTEMPTS).update(
        status=Message.Status.SENDING,
        claimed_until=now + rules.claim_lasts(),
        attempts=F("attempts") + 1,
    )
    return claimed == 1


def message_deliver(message_id: int) -> str:
    """The delivery job: send the message once, or record the failure and when to try again.

    Returns what happened, for the job's result. Never raises on a failed send: the retry is
    this module's, with its back-off, not the queue's.
    """
    if not _claim(message_id):
        return "not due, already claimed or already sent"
    message = Message.objects.get(pk=message_id)
    try:
        with translation.override(message.language):
            notify.send(
                message.template,
                to=message.to,
                personalisation=message.personalisation,
                reference=message.idempotency_key,
                channel=message.channel,
            )
    except Exception as error:
        _attempt_failed(message, error)
        return "failed"
    Message.objects.filter(pk=message_id).update(
        status=Message.Status.SENT,
        sent_at=timezone.now(),
        claimed_until=None,
        last_error="",
        to="",
        personalisation={},
    )
    return "sent"


def error_summary(error: Exception) -> str:
    """What went wrong, without the server's own words: they may quote the address."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "SMTPRecipientsRefused: the mail server refused the address"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{type(error).__name__}: the mail server replied {error.smtp_code}"
    if isinstance(error, TimeoutError):
        return f"{type(error).__name__}: the mail server did not answer in time"
    if isinstance(error, notify.ChannelUnavailable):
        return f"ChannelUnavailable: {error}"[:200]
    status_code = getattr(error, "status_code", None)
    if isinstance(status_code, int):
        # GOV.UK Notify's client (HTTPError): its message may quote the address or number.
        return f"{type(error).__name__}: GOV.UK Notify replied {status_code}"
    if isinstance(error, OSError) and error.strerror:
        return f"{type(error).__name__}: {error.strerror}"[:200]
    return type(error).__name__


def _attempt_failed(message: Message, error: Exception) -> None:
    attempts = message.attempts  # already counted by the claim
    summary = error_summary(error)
    if rules.is_last_attempt(attempts):
        changes: dict[str, object] = {"status": Message.Status.FAILED}
        logger.error("message %s failed after %s attempts: %s", message.pk, attempts, summary)
    else:
        changes = {
            "status": Message.Status.PENDING,
            "next_attempt_at": timezone.now() + rules.retry_delay(attempts),
        }
        logger.warning("message %s attempt %s failed: %s", message.pk, attempts, summary)
    Message.objects.filter(pk=message.pk).update(claimed_until=None, last_error=summary, **changes)


def messages_deliver_due() -> int:
    """The sweep, run every minute by a schedule: queue every message that is due.

    Due means waiting for its next attempt, or claimed by a job whose claim ran out (its worker
    died). A message already queued may be queued again: the claim makes that harmless.
    Returns how many it queued.
    """
    now = timezone.now()
    _messages_given_up(now)
    due = Message.objects.filter(
        Q(status=Message.Status.PENDING, next_attempt_at__lte=now)
        | Q(status=Message.Status.SENDING, claimed_until__lt=now)
    ).order_by("next_attempt_at")
    ids = list(due.values_list("pk", flat=True)[:SWEEP_BATCH])
    for message_id in ids:
        _enqueue(message_id)
    return len(ids)


def _messages_given_up(now: dt.datetime) -> None:
    """A message whose last attempt's worker died cannot be claimed again: mark it failed."""
    stuck = Message.objects.filter(
        status=Message.Status.SENDING,
        claimed_until__lt=now,
        attempts__gte=rules.MAX_ATTEMPTS,
    )
    for message_id in stuck.values_list("pk", flat=True):
        logger.error("message %s failed: its last attempt stopped part way", message_id)
    stuck.update(
        status=Message.Status.FAILED,
        claimed_until=None,
        last_error="The worker stopped during the last attempt",
    )


def message_retry(*, message: Message, by: User) -> bool:
    """An administrator tries a failed message again, with a fresh set of attempts.

    Returns False, changing nothing, if the message is not failed (a second click)."""
    with transaction.atomic():
        retried = Message.objects.filter(pk=message.pk, status=Message.Status.FAILED).update(
            status=Message.Status.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
            claimed_until=None,
        )
        if retried:
            audit_record(
                actor=by,
                action=AuditEvent.Action.CHANGE,
                record=message,
                reason="Tried a failed message again",
                details={"template": message.template, "status": Message.Status.PENDING},
            )
            transaction.on_commit(lambda: _enqueue(message.pk))
    return bool(retried)


NOTICE_TEMPLATE = "notice"


def notice_send(*, recipient: User, kind: str, text: str, link: str, key: str) -> Notice | None:
    """Tell a member of staff something: a notice on their notifications page, and the same by
    email, both saved in the caller's transaction (the email is sent after it commits).

    `text` is short and names a family only by its reference; `link` is a path within the site
    (the page it opens applies its own access rules); `key` names the event, so the same event
    a second time changes nothing and sends nothing. Nobody is told whose account is
    deactivated: returns None then.
    """
    if not rules.is_local_path(link):
        raise ValueError(f"a notice links within the site, not to {link!r}")
    if len(text) > NOTICE_TEXT_LENGTH:
        raise ValueError("a notice's text is one short sentence")
    if not recipient.is_active:
        return None
    notice, created = Notice.objects.get_or_create(
        idempotency_key=key,
        defaults={"recipient": recipient, "kind": kind, "text": text, "link": link},
    )
    if created and recipient.email:
        message_send(
            template=NOTICE_TEMPLATE,
            to=recipient.email,
            idempotency_key=f"notice:{key}",
            language=settings.LANGUAGE_CODE,  # staff read English
            personalisation={
                "text": text,
                "link": settings.SITE_URL + link,
                "service_name": settings.SERVICE_NAME,
            },
        )
    return notice


def notices_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's own unread notices read: those in `ids`, or all of them (None).

    Not audited: a notice is the member of staff's own reminder, not a family's record, and
    marking it read changes nothing anybody else sees (as the jobs page's counts are not)."""
    unread = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
