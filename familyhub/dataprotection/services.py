"""Writes of data protection requests: recording, deciding and carrying them out. Each is one
transaction with its audit event, so the trail shows every step of the council's answer.

Erasure anonymises rather than deletes: the rows stay (other records and the audit trail refer
to them by id), emptied of what identifies the person and of what they wrote. The audit trail
itself is never touched: it holds ids and field names, not the data.
"""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import CharField, Model, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from familyhub.accounts.models import User
from familyhub.activities.models import Attendance, Booking, HubRegistration
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.casework.models import ChildVoice
from familyhub.dataprotection.models import DataProtectionRequest
from familyhub.dataprotection.rules import (
    RECTIFIABLE_FIELDS,
    erasure_blockers,
    may_decide,
    may_erase,
    may_export_subject_access,
    may_mark_carried_out,
    may_rectify,
    statutory_due_date,
)
from familyhub.dataprotection.selectors import subject_families
from familyhub.families.models import ChronologyEvent, Family, Person, Sex
from familyhub.families.services import person_correct
from familyhub.feedback.models import Answer, Invitation
from familyhub.frontdoor.models import ReferralAnswer, RequestPerson, SupportRequest
from familyhub.places.models import LocalAuthority
from familyhub.socialcare.models import HandoverAnswer

# What an erased row says instead of what it said: a reader sees that something was there.
ERASED = "Erased at the person's request"


def _locked(dp_request: DataProtectionRequest) -> DataProtectionRequest:
    """The request read again under a row lock: two officers acting at once act in turn."""
    return DataProtectionRequest.objects.select_for_update().get(pk=dp_request.pk)


def _source(dp_request: DataProtectionRequest) -> str:
    return f"dataprotection.dataprotectionrequest:{dp_request.pk}"


@transaction.atomic
def dp_request_record(
    *,
    local_authority: LocalAuthority,
    kind: str,
    requester_name: str,
    identity_check: str,
    received_on: dt.date,
    by: User,
    person: Person | None = None,
    support_request: SupportRequest | None = None,
    requester_relationship: str = "",
    identity_note: str = "",
    details: str = "",
) -> DataProtectionRequest:
    """A request received, due one calendar month later, about a person or a front door request."""
    if (person is None) == (support_request is None):
        raise ValidationError("A request is about one person or one front door request.")
    dp_request = DataProtectionRequest.objects.create(
        local_authority=local_authority,
        kind=kind,
        requester_name=requester_name,
        requester_relationship=requester_relationship,
        identity_check=identity_check,
        identity_note=identity_note,
        person=person,
        support_request=support_request,
        details=details,
        received_on=received_on,
        due_on=statutory_due_date(received_on),
        recorded_by=by,
    )
    subject: Model = person if person is not None else support_request  # type: ignore[assignment]
    audit_record(
        actor=by,
        action=AuditEvent.Action.CREATE,
        record=dp_request,
        details={"kind": kind, "about": subject._meta.label_lower, "about_id": str(subject.pk)},
    )
    return dp_request


@transaction.atomic
def dp_request_decide(
    *,
    dp_request: DataProtectionRequest,
    approve: bool,
    reason: str,
    by: User,
    approved_fields: Iterable[str] = (),
    today: dt.date | None = None,
) -> DataProtectionRequest:
    """Approve or refuse (with the reason the person will be told). An erasure the law says
    must wait (erasure_blockers) cannot be approved; a rectification names what may change."""
    dp_request = _locked(dp_request)
    if not may_decide(dp_request):
        raise ValidationError("This request has already been decided.")
    reason = (reason or "").strip()
    fields = sorted(set(approved_fields))
    if not approve and not reason:
        raise ValidationError("Enter why the request is refused.")
    if approve and dp_request.kind == DataProtectionRequest.Kind.ERASURE:
        blockers = erasure_blockers(dp_request, today=today or timezone.localdate())
        if blockers:
            raise ValidationError(["Erasure cannot be approved:", *blockers])
    if dp_request.kind == DataProtectionRequest.Kind.RECTIFICATION and approve:
        if dp_request.person_id is None:
            raise ValidationError(
                "Only somebody in the shared record can have their details corrected here."
            )
        if not fields or set(fields) - set(RECTIFIABLE_FIELDS):
            raise ValidationError("Select the details that may be corrected.")
    else:
        fields = []
    dp_request.status = (
        DataProtectionRequest.Status.APPROVED if approve else DataProtectionRequest.Status.REFUSED
    )
    dp_request.decided_by = by
    dp_request.decided_at = timezone.now()
    dp_request.decision_reason = reason
    dp_request.approved_fields = fields
    dp_request.save(
        update_fields=["status", "decided_by", "decided_at", "decision_reason", "approved_fields"]
    )
    audit_record(
        actor=by,
        action=AuditEvent.Action.CHANGE,
        record=dp_request,
        reason=reason,
        details={"decision": dp_request.status, "approved_fields": fields},
    )
    return dp_request


@transaction.atomic
def subject_access_export_record(
    *, dp_request: DataProtectionRequest, by: User, file_format: str
) -> None:
    """The copy was produced: an EXPORT event on each of the person's households (so it shows
    among who has seen the family's record), or on the front door request when in none."""
    if not may_export_subject_access(dp_request):
        raise PermissionDenied
    details = {"data_protection_request": str(dp_request.pk), "format": file_format}
    if dp_request.person_id is not None:
        details["person"] = str(dp_request.person_id)
    records: list[Model] = list(subject_families(dp_request))
    if not records:
        # In no household: on what the request is about, or (that no longer held) the request.
        records = [dp_request.person or dp_request.support_request or dp_request]
    for record in records:
        audit_record(actor=by, action=AuditEvent.Action.EXPORT, record=record, details=details)


@transaction.atomic
def rectification_apply(
    *, dp_request: DataProtectionRequest, changes: dict[str, object], by: User
) -> list[str]:
    """Correct the person's details, only those the decision approved, through the shared
    record's own service (which audits field names, never values)."""
    dp_request = _locked(dp_request)
    if not may_rectify(dp_request) or dp_request.person is None:
        raise PermissionDenied
    not_approved = set(changes) - set(dp_request.approved_fields)
    if not_approved:
        raise ValidationError(f"Not approved for correction: {', '.join(sorted(not_approved))}")
    changed = person_correct(
        person=dp_request.person,
        changes=changes,
        by=by,
        reason="Rectification requested under data protection law",
        source=_source(dp_request),
    )
    if changed:
        audit_record(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            record=dp_request,
            details={"corrected": changed, "person": str(dp_request.person_id)},
        )
    return changed


@transaction.atomic
def dp_request_complete(*, dp_request: DataProtectionRequest, by: User) -> DataProtectionRequest:
    """The officer has finished (the copy sent, the record corrected)."""
    dp_request = _locked(dp_request)
    if not may_mark_carried_out(dp_request):
        raise ValidationError("Only an approved request can be marked as carried out.")
    return _carried_out(dp_request, by=by, details={})


def _carried_out(
    dp_request: DataProtectionRequest, *, by: User, details: dict
) -> DataProtectionRequest:
    dp_request.status = DataProtectionRequest.Status.CARRIED_OUT
    dp_request.carried_out_by = by
    dp_request.carried_out_at = timezone.now()
    dp_request.save(update_fields=["status", "carried_out_by", "carried_out_at", "erased_counts"])
    audit_record(
        actor=by,
        action=AuditEvent.Action.CHANGE,
        record=dp_request,
        details={"status": dp_request.status, **details},
    )
    return dp_request


# Erasure

PERSON_ERASED = {
    "given_name": "",
    "family_name": "",
    "date_of_birth": None,
    "due_date": None,
    "sex": Sex.UNKNOWN,
    "nhs_number": "",
    "upn": "",
    "postcode": "",
    "interpreter_needed": False,
    "send": False,
    "ehc_plan": False,
}
DESCRIBED_PERSON_ERASED = {
    "given_name": "",
    "family_name": "",
    "date_of_birth": None,
    "due_date": None,
    "sex": Sex.UNKNOWN,
    "nhs_number": "",
}
# What a front door request says about whoever sent it: contact details and their own words.
REQUEST_WRITER_ERASED = {
    "contact_name": "",
    "phone": "",
    "email": "",
    "address_1": "",
    "address_2": "",
    "city": "",
    "postcode": "",
    "worries": "",
    "help_wanted": "",
    "decision_reason": "",
}


def _erase_person(person: Person) -> dict[str, int]:
    """The person (and records of them merged into theirs), as the shared record holds them."""
    full_name = str(person).casefold()
    people = [person.pk, *Person.objects.filter(merged_into=person).values_list("pk", flat=True)]
    requests_written = [
        r.pk
        for r in SupportRequest.objects.filter(people__person_id__in=people).distinct()
        # The request's writer is its contact: theirs when the contact is this person's name.
        if r.contact_name.strip().casefold() == full_name
    ]
    counts = {
        "frontdoor.RequestPerson": RequestPerson.objects.filter(person_id__in=people).update(
            **DESCRIBED_PERSON_ERASED
        ),
        "frontdoor.SupportRequest": SupportRequest.objects.filter(pk__in=requests_written).update(
            **REQUEST_WRITER_ERASED
        ),
        **_answers_erased(requests_written),
        "families.ChronologyEvent": ChronologyEvent.objects.filter(person_id__in=people).update(
            summary=ERASED, detail=""
        ),
        "casework.ChildVoice": ChildVoice.objects.filter(child_id__in=people).update(words=ERASED),
        # A place they booked for the household, in their name: who booked it and how to reach them.
        "activities.Booking": Booking.objects.filter(
            family__members__person_id__in=people, contact_name__iexact=str(person).strip()
        ).update(
            contact_name="",
            contact="",
            children_ages="",
            contact_key=Concat(Value("erased:"), Cast("pk", CharField())),
        ),
        # Their name on session registers, and how they asked a hub to contact them.
        "activities.Attendance": Attendance.objects.filter(
            family__members__person_id__in=people, name__iexact=str(person).strip()
        ).update(name=""),
        "activities.HubRegistration": HubRegistration.objects.filter(
            consent__given_by_id__in=people
        ).update(contact=""),
        # A household of this person alone is named and addressed after them.
        "families.Family": Family.objects.filter(members__person=person)
        .exclude(members__person__in=Person.objects.exclude(pk__in=people))
        .update(name=ERASED, address_1="", address_2="", city="", postcode=""),
    }
    counts.update(_feedback_erased(person))
    for each in Person.objects.filter(pk__in=people):
        each.languages.clear()
    counts["families.Person"] = Person.objects.filter(pk__in=people).update(
        **PERSON_ERASED, modified=timezone.now()
    )
    return counts


def _feedback_erased(person: Person) -> dict[str, int]:
    """The feedback of the person's households: what they wrote goes, and the answers are no
    longer the household's (the scores stay counted, about nobody)."""
    invitations = Invitation.objects.filter(family__members__person=person)
    ids = list(invitations.values_list("pk", flat=True))
    return {
        "feedback.Answer": Answer.objects.filter(invitation_id__in=ids)
        .exclude(better="")
        .update(better=""),
        "feedback.Invitation": Invitation.objects.filter(pk__in=ids).update(
            family=None, episode=None, booking=None
        ),
    }


def _erase_front_door_request(support_request: SupportRequest) -> dict[str, int]:
    """A request in no family record: what its writer said about themselves and the people
    they described."""
    return {
        "frontdoor.SupportRequest": SupportRequest.objects.filter(pk=support_request.pk).update(
            **REQUEST_WRITER_ERASED
        ),
        "frontdoor.RequestPerson": RequestPerson.objects.filter(request=support_request).update(
            **DESCRIBED_PERSON_ERASED
        ),
        **_answers_erased([support_request.pk]),
    }


def _answers_erased(request_ids: list) -> dict[str, int]:
    """What a service and children's social care wrote back about the request: their notes
    and advice may repeat what the writer told them, so they go with the writer's words."""
    return {
        "frontdoor.ReferralAnswer": ReferralAnswer.objects.filter(request_id__in=request_ids)
        .exclude(note="")
        .update(note=ERASED),
        "socialcare.HandoverAnswer": HandoverAnswer.objects.filter(request_id__in=request_ids)
        .exclude(advice="")
        .update(advice=ERASED),
    }


@transaction.atomic
def erasure_carry_out(
    *, dp_request: DataProtectionRequest, by: User, today: dt.date | None = None
) -> dict[str, int]:
    """Erase the approved request's person; record the counts (never what was erased) on the
    request and in the trail. Refused if, since the decision, something the law says must be
    kept has appeared (an episode opened, an override granted)."""
    dp_request = _locked(dp_request)
    if not may_erase(dp_request):
        raise PermissionDenied
    blockers = erasure_blockers(dp_request, today=today or timezone.localdate())
    if blockers:
        raise ValidationError(["Erasure cannot go ahead:", *blockers])
    families = subject_families(dp_request)
    counts: dict[str, int] = {}
    if dp_request.person is not None:
        counts = _erase_person(dp_request.person)
    elif dp_request.support_request is not None:
        counts = _erase_front_door_request(dp_request.support_request)
    dp_request.erased_counts = {label: count for label, count in counts.items() if count}
    _carried_out(dp_request, by=by, details={"erased": dp_request.erased_counts})
    # In each household's own trail too, so that the family's history shows the erasure.
    for family in families:
        audit_record(
            actor=by,
            action=AuditEvent.Action.DELETE,
            record=family,
            details={
                "data_protection_request": str(dp_request.pk),
                "erased": dp_request.erased_counts,
            },
        )
    return dp_request.erased_counts
