"""Sending a practitioner's referral, exactly once, and telling the receiving service; the
service's answers (opened, accepted, declined, completed), each told to the referrer."""

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.models import Organisation, User
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.directory.models import Language, Service
from familyhub.frontdoor import rules as frontdoor_rules
from familyhub.frontdoor.models import ReferralAnswer, RequestPerson, SupportRequest
from familyhub.frontdoor.referrals import rules
from familyhub.frontdoor.selectors import local_authority_for_code

# The front door's own generator wrapped in its uniqueness check: one way to make references.
from familyhub.frontdoor.services import unique_request_value
from familyhub.notifications.models import Notice
from familyhub.notifications.services import message_send, notice_send

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReferredPerson:
    role: str
    given_name: str = ""
    family_name: str = ""
    date_of_birth: dt.date | None = None
    due_date: dt.date | None = None
    nhs_number: str = ""


@dataclass(frozen=True)
class ReferralData:
    """What the referral form says, already checked (forms.ReferralForm.referral_data)."""

    service: Service | None
    people: list[ReferredPerson]
    address_1: str
    postcode: str
    worries: str
    help_wanted: str
    consent_to_share: bool
    at_risk: bool
    contact_name: str
    postcode_local_authority_code: str = ""
    address_2: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    language: Language | None = None
    interpreter: bool = False
    # Sent by children's social care to step the family down (socialcare's step-down page).
    step_down: bool = False


def _existing(submission_key: uuid.UUID, organisation: Organisation) -> SupportRequest | None:
    found = SupportRequest.objects.filter(submission_key=submission_key).first()
    if found is not None and found.referrer_organisation_id != organisation.pk:
        # Keys are random; one from another organisation is a replay, never a retry.
        raise PermissionDenied
    return found


def referral_submit(
    *,
    practitioner: User,
    organisation: Organisation,
    data: ReferralData,
    submission_key: uuid.UUID,
) -> SupportRequest:
    """Create the referral, exactly once: a second call with the same key (a double click, a
    retry after a time-out) returns the request the first one made, and sends nothing again."""
    existing = _existing(submission_key, organisation)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            referral = _create(practitioner, organisation, data, submission_key)
    except IntegrityError:
        # Two requests with one key raced; the loser finds the winner's referral.
        existing = _existing(submission_key, organisation)
        if existing is None:
            raise
        return existing
    return referral


def _create(
    practitioner: User, organisation: Organisation, data: ReferralData, submission_key: uuid.UUID
) -> SupportRequest:
    service = rules.service_for(chosen=data.service, at_risk=data.at_risk)
    if service is not None and not rules.consent_allows_service(
        consent_to_share=data.consent_to_share
    ):
        # The form asks first; this guards every other caller.
        raise ValidationError(_("A referral to a service needs the family's agreement"))
    now = timezone.now()
    # The family's own council runs the front door they go to; a service is in the referrer's.
    local_authority = (
        local_authority_for_code(data.postcode_local_authority_code)
        if service is None and data.postcode_local_authority_code
        else None
    ) or organisation.local_authority
    referral = SupportRequest.objects.create(
        local_authority=local_authority,
        reference=unique_request_value(frontdoor_rules.reference_new, "reference"),
        # Required and unique, but never used: practitioners' referrals have no family link.
        resume_token=frontdoor_rules.resume_token_new(),
        submission_key=submission_key,
        source=SupportRequest.Source.STEP_DOWN
        if data.step_down
        else SupportRequest.Source.PRACTITIONER,
        status=SupportRequest.Status.NEW if service is None else SupportRequest.Status.REFERRED,
        answer="" if service is None else SupportRequest.Answer.NEW,
        referrer=practitioner,
        referrer_organisation=organisation,
        service=service,
        worries=data.worries,
        help_wanted=data.help_wanted,
        language=data.language,
        interpreter=data.interpreter,
        contact_name=data.contact_name,
        contact_method=SupportRequest.Contact.PHONE
        if data.phone
        else (SupportRequest.Contact.EMAIL if data.email else SupportRequest.Contact.LETTER),
        phone=data.phone,
        email=data.email,
        address_1=data.address_1,
        address_2=data.address_2,
        city=data.city,
        postcode=data.postcode,
        consent_to_share=data.consent_to_share,
        consent_given_at=now if data.consent_to_share else None,
        safeguarding_concern=data.at_risk,
        submitted_at=now,
    )
    RequestPerson.objects.bulk_create(
        RequestPerson(
            request=referral,
            role=person.role,
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
            due_date=person.due_date,
            nhs_number=person.nhs_number,
        )
        for person in data.people
    )
    audit_record(
        actor=practitioner,
        action=AuditEvent.Action.CREATE,
        record=referral,
        details={
            "source": "referral",
            "destination": "service" if service else "front_door",
            "service": str(service.pk) if service else "",
            "safeguarding_concern": data.at_risk,
        },
    )
    if service is not None:
        ReferralAnswer.objects.create(
            request=referral, answer=SupportRequest.Answer.NEW, by=practitioner, at=now
        )
        # In this transaction: the email is saved with the referral, and sent after.
        _service_notify(referral, service, practitioner, organisation)
    return referral


def _service_notify(
    referral: SupportRequest, service: Service, practitioner: User, organisation: Organisation
) -> None:
    to = service.organisation.email or service.email
    if not to:
        # The directory lets an organisation leave its email out; the referrer's status page
        # still shows where it went, so nothing is lost, but somebody should add one.
        logger.warning("referral %s: %s has no email address", referral.reference, service.pk)
        return
    message_send(
        template="referral_received",
        to=to,
        idempotency_key=f"referral_received:{referral.pk}",
        personalisation={
            "reference": referral.reference,
            "service": service.name,
            "referrer": practitioner.get_full_name() or practitioner.email,
            "referrer_email": practitioner.email,
            "referrer_organisation": organisation.name,
            "service_name": settings.SERVICE_NAME,
            "council_name": settings.COUNCIL_NAME,
        },
    )


class AnswerNotAllowed(ValidationError):
    """The referral is not in a state this answer can follow (somebody else answered first)."""


def referral_open(*, referral: SupportRequest, by: User) -> SupportRequest:
    """The receiving service opens a new referral to read the family's details."""
    return _answer(referral, by, SupportRequest.Answer.OPENED, note="")


def referral_accept(*, referral: SupportRequest, by: User) -> SupportRequest:
    return _answer(referral, by, SupportRequest.Answer.ACCEPTED, note="")


def referral_decline(*, referral: SupportRequest, by: User, reason: str) -> SupportRequest:
    return _answer(referral, by, SupportRequest.Answer.DECLINED, note=reason)


def referral_complete(*, referral: SupportRequest, by: User, outcome: str) -> SupportRequest:
    return _answer(referral, by, SupportRequest.Answer.COMPLETED, note=outcome)


def _answer(
    referral: SupportRequest, by: User, answer: SupportRequest.Answer, *, note: str
) -> SupportRequest:
    """Move the referral on one step, with its history, its audit event and the referrer's
    notice (and its email), all or nothing."""
    if referral.service is None or not rules.may_answer_referrals_for(
        by, referral.service.organisation
    ):
        raise PermissionDenied
    with transaction.atomic():
        # Locked: two colleagues answering at once must not both move it on.
        locked = SupportRequest.objects.select_for_update().get(pk=referral.pk)
        if locked.answer == answer:
            return locked  # a double click: the first one did it
        if not rules.answer_allowed(locked.answer, answer):
            raise AnswerNotAllowed(_("Somebody has already answered this referral"))
        now = timezone.now()
        previous = locked.answer
        locked.answer = answer
        locked.save(update_fields=["answer", "modified"])
        ReferralAnswer.objects.create(request=locked, answer=answer, by=by, at=now, note=note)
        audit_record(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            record=locked,
            reason=note,
            details={"referral_answer": str(answer), "from": previous},
        )
        _referrer_notify(locked, referral.service, answer, by)
    return locked


def _referrer_notify(
    referral: SupportRequest, service: Service, answer: SupportRequest.Answer, by: User
) -> None:
    """A notice (and its email) to the referrer: only the reference, the service and the link to
    their referral's page; the family's details stay behind sign-in. Not to a referrer who
    answered their own referral (they know)."""
    if referral.referrer is None or referral.referrer_id == by.pk:
        return
    notice_send(
        recipient=referral.referrer,
        kind=Notice.Kind.REFERRAL_ANSWERED,
        text=f"{service.name[:100]} has {str(answer.label).lower()} your referral "
        f"{referral.reference}",
        link=reverse("referrals:detail", args=[referral.pk]),
        key=f"referral_answered:{referral.pk}:{answer}",
    )
