"""Writes for the front door: drafts saved as the family goes, and sending exactly once."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from familyhub.frontdoor import rules
from familyhub.frontdoor.models import RequestPerson, SupportRequest
from familyhub.frontdoor.selectors import (
    local_authority_default,
    local_authority_for_code,
    request_missing_step,
)
from familyhub.notifications import notify
from familyhub.places.models import Postcode

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


def unique_request_value(make, field: str) -> str:
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
    )
    request.save()
    return request


def _changed(request: SupportRequest) -> None:
    # A check-answers page shown before this change must not send: it would send what the
    # family did not see. Clearing the key makes its submit fail and the page reload.
    request.submission_key = None
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
    """The key the check-answers form carries; the same one until an answer changes."""
    if request.submission_key is None:
        request.submission_key = uuid.uuid4()
        request.save(update_fields=["submission_key", "modified"])
    return request.submission_key


def request_submit(
    *, request: SupportRequest, submission_key: uuid.UUID, resume_url: str = ""
) -> SupportRequest:
    """Send the request, exactly once, then confirm it by email if the family gave an address.

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
        if locked.email:
            transaction.on_commit(lambda: _confirmation_send(locked, resume_url))
    return locked


def resume_link(request: SupportRequest) -> str:
    """The path of the family's link back to their request."""
    return reverse("frontdoor:resume", args=[request.resume_token])


def _confirmation_send(request: SupportRequest, link: str) -> None:
    notify.send(
        "request_received",
        to=request.email,
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
    """Email the family their "come back later" link."""
    notify.send(
        "resume_link",
        to=to,
        personalisation={
            "link": link,
            "expires": date_format(expires, "j F Y"),
            "service_name": settings.SERVICE_NAME,
            "council_name": settings.COUNCIL_NAME,
        },
    )
