"""Writes to the shared family record. Each is one transaction that also writes its audit event,
so no change to a family's record exists without its trace."""

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from familyhub.accounts.models import Organisation, Role, User
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_append, audit_record, council_of
from familyhub.directory.models import Language, Location
from familyhub.directory.selectors import postcode_served_by
from familyhub.families.models import (
    ChronologyEvent,
    Consent,
    Family,
    Involvement,
    Membership,
    Person,
    SafeguardingOverride,
    Sex,
)
from familyhub.families.rules import may_override, may_withdraw_consent
from familyhub.families.selectors import READ_WITH_RECORD, consent_withdrawal_effect
from familyhub.notifications.models import Notice
from familyhub.notifications.services import notice_send
from familyhub.places.models import LocalAuthority
from familyhub.places.rules import PostcodeError
from familyhub.places.selectors import postcode_get

# No 0/O, 1/I/L or 5/S: a reference is read out on the phone and copied by hand.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXYZ2346789"
REFERENCE_PREFIX = "FAM-"


def _new_reference() -> str:
    while True:
        reference = REFERENCE_PREFIX + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        if not Family.objects.filter(reference=reference).exists():
            return reference


@transaction.atomic
def family_create(
    *,
    local_authority: LocalAuthority,
    name: str,
    by: User,
    address_1: str = "",
    address_2: str = "",
    city: str = "",
    postcode: str = "",
) -> Family:
    """A new household, placed in the locality (and so the hub) that serves its postcode."""
    family = Family(
        local_authority=local_authority,
        reference=_new_reference(),
        name=name,
        address_1=address_1,
        address_2=address_2,
        city=city,
        postcode=postcode,
    )
    if postcode:
        try:
            known = postcode_get(postcode)
        except PostcodeError:
            pass  # an address still counts without a known postcode; routing waits for one
        else:
            serving = postcode_served_by(known)
            family.postcode = known.postcode
            family.locality = serving.locality
            family.hub = serving.main_hub
    family.save()
    audit_record(actor=by, action=AuditEvent.Action.CREATE, record=family)
    return family


@transaction.atomic
def family_hub_set(*, family: Family, hub: Location, by: User) -> Family:
    """The household goes to another family hub than its postcode's (triage chose it, knowing
    the family), and into that hub's locality."""
    family.hub = hub
    family.locality = hub.locality or family.locality
    family.save(update_fields=["hub", "locality", "modified"])
    audit_record(
        actor=by,
        action=AuditEvent.Action.CHANGE,
        record=family,
        details={"hub": str(hub.pk), "locality": str(family.locality_id or "")},
    )
    return family


@transaction.atomic
def person_add(
    *,
    family: Family,
    role: str,
    by: User,
    given_name: str = "",
    family_name: str = "",
    date_of_birth: dt.date | None = None,
    due_date: dt.date | None = None,
    sex: str = Sex.UNKNOWN,
    nhs_number: str = "",
    upn: str = "",
    postcode: str = "",
    languages: Iterable[Language] = (),
    interpreter_needed: bool = False,
    send: bool = False,
    ehc_plan: bool = False,
) -> Membership:
    """A new person in the household. Audited on the membership, which names the family."""
    person = Person.objects.create(
        local_authority=family.local_authority,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        due_date=due_date,
        sex=sex,
        nhs_number=nhs_number,
        upn=upn,
        postcode=postcode or family.postcode,
        interpreter_needed=interpreter_needed,
        send=send,
        ehc_plan=ehc_plan,
    )
    person.languages.set(languages)
    membership = Membership.objects.create(family=family, person=person, role=role)
    audit_record(
        actor=by,
        action=AuditEvent.Action.CREATE,
        record=membership,
        details={"person": str(person.pk), "role": role},
    )
    return membership


@transaction.atomic
def member_add(*, family: Family, person: Person, role: str, by: User) -> Membership:
    """Somebody already in the shared record joins (or is confirmed in) this household."""
    membership, created = Membership.objects.get_or_create(
        family=family, person=person, defaults={"role": role}
    )
    if created:
        audit_record(
            actor=by,
            action=AuditEvent.Action.CREATE,
            record=membership,
            details={"person": str(person.pk), "role": role, "existing_person": True},
        )
    return membership


@transaction.atomic
def involvement_start(
    *,
    family: Family,
    organisation: Organisation,
    worker: User | None,
    role: str,
    by: User,
    started: dt.date | None = None,
) -> Involvement:
    involvement = Involvement.objects.create(
        family=family,
        organisation=organisation,
        worker=worker,
        role=role,
        started=started or timezone.localdate(),
    )
    audit_record(
        actor=by,
        action=AuditEvent.Action.CREATE,
        record=involvement,
        details={"organisation": str(organisation.pk), "role": role},
    )
    return involvement


@transaction.atomic
def involvement_end(
    *, involvement: Involvement, by: User, ended: dt.date | None = None
) -> Involvement:
    """The agency stops working with the family; its sight of the record ends with it."""
    involvement.ended = ended or timezone.localdate()
    involvement.save(update_fields=["ended"])
    audit_record(
        actor=by,
        action=AuditEvent.Action.CHANGE,
        record=involvement,
        details={"ended": involvement.ended.isoformat()},
    )
    return involvement


@transaction.atomic
def chronology_add(
    *,
    family: Family,
    organisation: Organisation,
    by: User,
    occurred_on: dt.date,
    summary: str,
    detail: str = "",
    person: Person | None = None,
) -> ChronologyEvent:
    event = ChronologyEvent.objects.create(
        family=family,
        organisation=organisation,
        recorded_by=by,
        occurred_on=occurred_on,
        summary=summary,
        detail=detail,
        person=person,
    )
    audit_record(actor=by, action=AuditEvent.Action.CREATE, record=event)
    return event


@transaction.atomic
def consent_record(
    *,
    family: Family,
    scope: str,
    organisations: Iterable[Organisation],
    purpose: str,
    lawful_basis: str,
    given_how: str,
    by: User,
    given_by: Person | None = None,
    given_at: dt.datetime | None = None,
) -> Consent:
    consent = Consent.objects.create(
        family=family,
        scope=scope,
        purpose=purpose,
        lawful_basis=lawful_basis,
        given_how=given_how,
        given_by=given_by,
        given_at=given_at or timezone.now(),
        recorded_by=by if by is not None and by.is_authenticated else None,
    )
    organisations = list(organisations)
    consent.organisations.set(organisations)
    audit_record(
        actor=by,
        action=AuditEvent.Action.CREATE,
        record=consent,
        details={
            "scope": scope,
            "organisations": [str(o.pk) for o in organisations],
            "lawful_basis": lawful_basis,
        },
    )
    # A family's first consent comes with its record (triage's allocation): a change is news
    # only to those already working with the family.
    if family.consents.exclude(pk=consent.pk).exists():
        for lead in _current_leads(family):
            _consent_changed_notify(
                family,
                lead,
                by,
                f"{consent.pk}:given",
                f"A new consent to share was recorded for family {family.reference}",
            )
    return consent


def _current_leads(family: Family) -> list[User]:
    """The family's lead professionals now: those of its open episodes (an episode's lead is
    involved with the family as its lead professional until the episode ends)."""
    return list(
        User.objects.filter(
            is_active=True,
            involvement__family=family,
            involvement__role=Involvement.Role.LEAD_PROFESSIONAL,
            involvement__ended__isnull=True,
        ).distinct()
    )


def _consent_changed_notify(family: Family, person: User, by: User, event: str, text: str) -> None:
    """A notice (and its email) naming the family by its reference only; the record's page
    decides what each of them may still see. Never to the one who made the change."""
    if by is not None and person.pk == by.pk:
        return
    notice_send(
        recipient=person,
        kind=Notice.Kind.CONSENT_CHANGED,
        text=text,
        link=reverse("families:detail", args=[family.pk]),
        key=f"consent_changed:{event}:{person.pk}",
    )


@transaction.atomic
def consent_withdraw(
    *,
    consent: Consent,
    how: str,
    reason: str,
    by: User,
    at: dt.datetime | None = None,
) -> Consent:
    """Withdrawn from this moment: every later read is decided without it.

    Only someone who may_withdraw_consent records it, with the family's reason. The family's
    lead professionals and the council's locality managers are told (not the one recording
    it, who knows): by a notice and its email, saved with the change and sent after it
    commits, naming the family only by its reference and linking to the record's page.
    """
    at = at or timezone.now()
    family = consent.family
    if not may_withdraw_consent(by, family, now=at):
        raise PermissionDenied(
            _(
                "Only the family's lead professional, front door triage or a locality manager "
                "may record that the family withdrew consent."
            )
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Enter why the family withdrew consent"))
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    # Who loses sight is worked out before the change, which takes it away.
    effect = consent_withdrawal_effect(consent, now=at)
    consent.withdrawn_at = at
    consent.withdrawn_how = how
    consent.save(update_fields=["withdrawn_at", "withdrawn_how"])
    audit_record(
        actor=by,
        action=AuditEvent.Action.CHANGE,
        record=consent,
        reason=reason,
        details={
            "withdrawn": at.isoformat(),
            "how": how,
            "organisations_losing_sight": [str(lost.organisation.pk) for lost in effect.losing],
        },
    )
    for person in _told_of_withdrawal(family, effect.lead_professionals, by):
        _consent_changed_notify(
            family,
            person,
            by,
            f"{consent.pk}:withdrawn",
            f"Family {family.reference} withdrew a consent to share: some people working with "
            "them may no longer see their record",
        )
    return consent


def _told_of_withdrawal(family: Family, leads: list[User], by: User) -> list[User]:
    """The family's lead professionals and its council's locality managers, once each."""
    managers = User.objects.filter(
        is_active=True,
        memberships__role=Role.LOCALITY_MANAGER,
        memberships__organisation__local_authority_id=family.local_authority_id,
    ).order_by("email")
    told = {person.pk: person for person in [*leads, *managers] if person.is_active}
    told.pop(by.pk, None)
    return list(told.values())


@transaction.atomic
def safeguarding_override_grant(
    *,
    family: Family,
    organisation: Organisation,
    reason: str,
    lawful_basis: str,
    by: User,
    starts: dt.datetime | None = None,
    ends: dt.datetime | None = None,
) -> SafeguardingOverride:
    """Share without consent to protect a child: only a named role, only with a reason."""
    if not may_override(by):
        raise PermissionDenied(_("Only front door triage or a locality manager may do this."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Enter why the record must be shared without consent."))
    override = SafeguardingOverride.objects.create(
        family=family,
        organisation=organisation,
        granted_by=by,
        reason=reason,
        lawful_basis=lawful_basis,
        starts=starts or timezone.now(),
        ends=ends,
    )
    audit_record(
        actor=by,
        action=AuditEvent.Action.OVERRIDE,
        record=override,
        reason=reason,
        details={"organisation": str(organisation.pk), "lawful_basis": lawful_basis},
    )
    return override


@transaction.atomic
def family_record_read(
    *,
    family: Family,
    by: User,
    action: AuditEvent.Action,
    kinds: list[str],
    also_read: Sequence[Model] = (),
) -> list[AuditEvent]:
    """A page view or an export of the record, with which parts of it were shown; and one
    event for each other record of the family's shown with it (a request's own words), all
    appended at once."""
    return audit_append(
        [
            _read_event(family, family, by=by, action=action, details={"kinds": kinds}),
            *(
                _read_event(read, family, by=by, action=action, details={READ_WITH_RECORD: True})
                for read in also_read
            ),
        ]
    )


def _read_event(
    record: Model,
    family: Family,
    *,
    by: User,
    action: AuditEvent.Action,
    details: dict | None = None,
) -> AuditEvent:
    """The event audit_record would append for this read, to append with the page's others."""
    return AuditEvent(
        actor_id=by.pk,
        actor_label=by.email,
        action=action,
        record_type=record._meta.label_lower,
        record_id=str(record.pk),
        family_id=family.pk,
        local_authority_code=council_of(record, by),
        details=details or {},
    )


# The details of a person that a correction may change: who they are and how they are found.
CORRECTABLE_PERSON_FIELDS = frozenset(
    {
        *("given_name", "family_name", "date_of_birth", "due_date"),
        *("sex", "nhs_number", "upn", "postcode"),
    }
)


@transaction.atomic
def person_correct(
    *, person: Person, changes: dict[str, object], by: User, reason: str, source: str = ""
) -> list[str]:
    """Put right a person's recorded details; returns the fields that changed.

    The audit event names the fields, never their old or new values: a correction is often of
    something wrong and sensitive (a mistaken date of birth, someone else's NHS number), and the
    trail cannot be corrected after it. `source` names what asked for it (a request's id).
    """
    unknown = set(changes) - CORRECTABLE_PERSON_FIELDS
    if unknown:
        raise ValidationError(f"These details cannot be corrected here: {sorted(unknown)}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    changed = sorted(name for name, value in changes.items() if getattr(person, name) != value)
    if not changed:
        return []
    for name in changed:
        setattr(person, name, changes[name])
    person.full_clean(exclude=["languages"])
    person.save(update_fields=[*changed, "modified"])
    audit_record(
        actor=by,
        action=AuditEvent.Action.CHANGE,
        record=person,
        reason=reason,
        details={"fields": changed, **({"source": source} if source else {})},
    )
    return changed


# Keeping the household current (views/household.py). Each audit event names the fields that
# changed, never their values: the trail keeps what was done, the record keeps what is true.


@transaction.atomic
def member_remove(*, family: Family, person: Person, by: User, reason: str = "") -> None:
    """The person no longer lives in this household: their place in it ends, and they stay in
    the shared record (other households, their chronology entries, the trail still name them)."""
    membership = Membership.objects.select_for_update().filter(family=family, person=person).first()
    if membership is None:
        raise ValidationError(_("This person is not in the household."))
    audit_record(
        actor=by,
        action=AuditEvent.Action.DELETE,
        record=membership,
        reason=reason,
        details={"person": str(person.pk), "role": membership.role},
    )
    membership.delete()


@transaction.atomic
def birth_record(
    *,
    family: Family,
    person: Person,
    by: User,
    date_of_birth: dt.date,
    sex: str,
    given_name: str = "",
    family_name: str = "",
) -> Person:
    """The unborn child is born: the same person (so their history follows them) now has a
    date of birth instead of a due date, a name and a sex, and is a child of the household."""
    membership = Membership.objects.select_for_update().filter(family=family, person=person).first()
    if membership is None or membership.role != Membership.Role.UNBORN:
        raise ValidationError(_("Only an unborn child's birth can be recorded."))
    if date_of_birth > timezone.localdate():
        raise ValidationError(_("The date of birth must be today or in the past"))
    person = Person.objects.select_for_update().get(pk=person.pk)
    changes = {
        "date_of_birth": date_of_birth,
        "due_date": None,
        "sex": sex,
        "given_name": given_name,
        "family_name": family_name or person.family_name,
    }
    changed = sorted(name for name, value in changes.items() if getattr(person, name) != value)
    for name in changed:
        setattr(person, name, changes[name])
    person.full_clean(exclude=["languages"])
    person.save(update_fields=[*changed, "modified"])
    membership.role = Membership.Role.CHILD
    membership.save(update_fields=["role"])
    # On the membership, which names the family: the change shows on the family's own trail.
    audit_record(
        actor=by,
        action=AuditEvent.Action.CHANGE,
        record=membership,
        details={"birth": True, "person": str(person.pk), "fields": [*changed, "role"]},
    )
    return person


@transaction.atomic
def person_needs_update(
    *,
    family: Family,
    person: Person,
    by: User,
    send: bool,
    ehc_plan: bool,
    languages: Iterable[Language],
    interpreter_needed: bool,
    ethnicity: str,
) -> list[str]:
    """A person's SEND and EHC plan, the languages they speak, whether they need an interpreter
    and their ethnic group; returns the names of the details that changed (and audits them)."""
    if ehc_plan and not send:
        raise ValidationError(_("A child or young person with an EHC plan has SEND"))
    membership = Membership.objects.filter(family=family, person=person).first()
    if membership is None:
        raise ValidationError(_("This person is not in the household."))
    person = Person.objects.select_for_update().get(pk=person.pk)
    values = {
        "send": send,
        "ehc_plan": ehc_plan,
        "interpreter_needed": interpreter_needed,
        "ethnicity": ethnicity,
    }
    changed = sorted(name for name, value in values.items() if getattr(person, name) != value)
    for name in changed:
        setattr(person, name, values[name])
    if changed:
        person.full_clean(exclude=["languages"])
        person.save(update_fields=[*changed, "modified"])
    wanted = list(languages)
    if {language.pk for language in wanted} != set(person.languages.values_list("pk", flat=True)):
        person.languages.set(wanted)
        changed.append("languages")
    if changed:
        # On the membership, which names the family: the change shows on the family's trail.
        audit_record(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            record=membership,
            details={"person": str(person.pk), "fields": changed},
        )
    return changed
