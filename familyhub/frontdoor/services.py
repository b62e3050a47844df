"""Writes for the front door: drafts saved as the family goes, and sending exactly once."""

import csv
import datetime as dt
import hashlib
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from familyhub.frontdoor import rules
from familyhub.frontdoor.models import NeedLevel, RequestPerson, SupportRequest, TriageStandard
from familyhub.frontdoor.selectors import (
    local_authority_default,
    local_authority_for_code,
    request_missing_step,
)
from familyhub.notifications.notify import SMS, sends_by
from familyhub.notifications.services import message_send
from familyhub.places.models import LocalAuthority, Postcode

SOCIAL_CARE_PHONE_DEFAULT = "020 7946 0999"


class RequestIncomplete(Exception):
    """The request cannot be sent yet; `step` is the first question still to answer."""

    def __init__(self, step: str) -> None:
        super().__init__(step)
        self.step = step


class SubmissionKeyMismatch(Exception):
    """The answers changed after the check page was shown: the family should look again."""


def social_care_phone() -> str:
    return getattr(settings, "CHILDREN_SOCIAL_CARE_PHONE", SOCIAL_CARE_PHONE_DEFAULT)


def unique_request_value(make: Callable[[], str], field: str) -> str:
    """A fresh value from `make` not yet used in this SupportRequest field."""
    # Collisions are vanishingly rare; checking first keeps the insert simple.
    for _attempt in range(10):
        value = make()
        if not SupportRequest.objects.filter(**{field: value}).exists():
            return value
    raise IntegrityError(f"could not find a free {field}")


def draft_start(*, asker: str) -> SupportRequest:
    """A new draft, created on the first answer so there is something to come back to."""
    request = SupportRequest(
        local_authority=local_authority_default(),
        source=SupportRequest.Source.FAMILY,
        status=SupportRequest.Status.DRAFT,
        resume_token=rules.resume_token_new(),
        reference=unique_request_value(rules.draft_reference_new, "reference"),
        requester=asker,
        submission_key=uuid.uuid4(),
    )
    request.save()
    return request


def _changed(request: SupportRequest) -> None:
    # A check-answers page shown before this change must not send: it would send what the
    # family did not see. A new key makes its submit fail and the page reload. Issued here, with
    # the change, so that showing the check page only ever reads it.
    request.submission_key = uuid.uuid4()
    request.save()


def draft_update(request: SupportRequest, **fields: object) -> SupportRequest:
    """Save answers that have a field of their own."""
    for name, value in fields.items():
        setattr(request, name, value)
    _changed(request)
    return request


# The journey's names for the answers kept in fields of other names.
_EXTRA_FIELDS = {"asker": "requester", "help": "help_choices", "help_other": "help_wanted"}


def extra_update(request: SupportRequest, **answers: object) -> SupportRequest:
    """Save answers the journey names differently from the request's fields."""
    return draft_update(request, **{_EXTRA_FIELDS[name]: value for name, value in answers.items()})


def address_save(
    request: SupportRequest, *, address_1: str, address_2: str, city: str, postcode: Postcode
) -> SupportRequest:
    """Save the address; a known postcode decides which council the request goes to."""
    local_authority = local_authority_for_code(postcode.local_authority_code)
    return draft_update(
        request,
        address_1=address_1,
        address_2=address_2,
        city=city,
        postcode=postcode.postcode,
        local_authority=local_authority or request.local_authority,
    )


def person_save(
    request: SupportRequest, *, person: RequestPerson | None = None, **fields: object
) -> RequestPerson:
    """Add somebody to the household, or change what was said about them."""
    person = person or RequestPerson(request=request)
    for name, value in fields.items():
        setattr(person, name, value)
    person.save()
    _changed(request)
    return person


def person_remove(request: SupportRequest, person: RequestPerson) -> None:
    person.delete()
    _changed(request)


def submission_key_issue(request: SupportRequest) -> uuid.UUID:
    """The key the check-answers form carries; the same one until an answer changes. Drafts are
    given one as they start and change; this gives one to a draft saved before they were."""
    if request.submission_key is None:
        request.submission_key = uuid.uuid4()
        request.save(update_fields=["submission_key", "modified"])
    return request.submission_key


def request_submit(
    *, request: SupportRequest, submission_key: uuid.UUID, resume_url: str = ""
) -> SupportRequest:
    """Send the request, exactly once, then confirm it by the family's chosen channel: by text
    if they chose text messages, otherwise by email if they gave an address.

    A second call (a double click, a retry after a time-out, the back button) finds the request
    already sent and returns it: one request, never two, and one confirmation. `resume_url` is
    the absolute link for the email (the view knows the host); a path is used without it.
    """
    with transaction.atomic():
        locked = SupportRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != SupportRequest.Status.DRAFT:
            return locked
        if locked.submission_key != submission_key:
            raise SubmissionKeyMismatch
        missing = request_missing_step(locked)
        if missing:
            raise RequestIncomplete(missing)
        now = timezone.now()
        locked.status = SupportRequest.Status.NEW
        locked.submitted_at = now
        locked.reference = unique_request_value(rules.reference_new, "reference")
        locked.consent_given_at = now if locked.consent_to_share else None
        locked.save()
        route = rules.confirmation_route(
            contact_method=locked.contact_method,
            phone=locked.phone,
            email=locked.email,
            texts_possible=sends_by(SMS),
        )
        if route:
            # In this transaction: the confirmation is saved with the request, and sent after.
            channel, to = route
            _confirmation_send(locked, resume_url, channel=channel, to=to)
    return locked


def resume_link(request: SupportRequest) -> str:
    """The path of the family's link back to their request."""
    return reverse("frontdoor:resume", args=[request.resume_token])


def _confirmation_send(request: SupportRequest, link: str, *, channel: str, to: str) -> None:
    message_send(
        template="request_received",
        channel=channel,
        to=to,
        idempotency_key=f"request_received:{request.pk}",
        personalisation={
            "reference": request.reference,
            "service_name": settings.SERVICE_NAME,
            "council_name": settings.COUNCIL_NAME,
            "days": rules.FIRST_CONTACT_WORKING_DAYS,
            "social_care_phone": social_care_phone(),
            "link": link or resume_link(request),
        },
    )


def resume_link_send(request: SupportRequest, *, to: str, link: str, expires: dt.date) -> None:
    """Email the family their "come back later" link.

    Asking again for the same address within a few minutes (a double click, the back button)
    sends one email; asking again later sends another, in case the first went astray.
    """
    message_send(
        template="resume_link",
        to=to,
        idempotency_key=_resume_link_key(request, to),
        personalisation={
            "link": link,
            "expires": date_format(expires, "j F Y"),
            "service_name": settings.SERVICE_NAME,
            "council_name": settings.COUNCIL_NAME,
        },
    )


RESUME_LINK_RESEND_AFTER = dt.timedelta(minutes=5)


def _resume_link_key(request: SupportRequest, to: str) -> str:
    # The address only as a digest: a key is a name for the event, not a copy of the data.
    address = hashlib.sha256(to.strip().lower().encode()).hexdigest()[:16]
    window = int(timezone.now().timestamp() // RESUME_LINK_RESEND_AFTER.total_seconds())
    return f"resume_link:{request.pk}:{address}:{window}"


# The continuum of needs a council starts with: the four levels most English councils use
# (design/domain.md). A council that has its own levels keeps them.
CONTINUUM_OF_NEEDS_FILE = Path(__file__).resolve().parent / "data" / "continuum_of_needs.csv"


def front_door_set_up(*, local_authority: LocalAuthority) -> int:
    """Give a council's front door what triage needs: levels of need and the queue's timers.

    Idempotent: it adds nothing to a council that already has levels or a standard, so running
    it again (or on a council configured by hand) changes nothing. Returns the council's levels.
    """
    with transaction.atomic():
        if not NeedLevel.objects.filter(local_authority=local_authority).exists():
            NeedLevel.objects.bulk_create(
                NeedLevel(local_authority=local_authority, **level) for level in _standard_levels()
            )
        TriageStandard.objects.get_or_create(local_authority=local_authority)
        return NeedLevel.objects.filter(local_authority=local_authority).count()


def _standard_levels() -> list[dict[str, Any]]:
    with CONTINUUM_OF_NEEDS_FILE.open(newline="", encoding="utf-8") as rows:
        levels = [
            {
                "number": int(row["number"]),
                "name": row["name"],
                "description": row["description"],
                "route": NeedLevel.Route(row["route"]),
            }
            for row in csv.DictReader(rows)
        ]
    return levels
