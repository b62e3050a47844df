"""Writes for Start for Life: importing notifications, inviting families, recording reviews.

    report = notifications_import(lines=text_lines(upload.chunks()), local_authority=council,
                                  by=staff)
    invitations_send()                      # the job (and the daily schedule, migration 0002)
    milestone_record(baby=person, family=family, milestone=Milestone.NEW_BIRTH_VISIT,
                     done_on=date, by=health_visitor)

**The import** streams the file (a csv reader over its lines) and writes it in batches of
BATCH rows, one transaction each: a file of 50,000 rows never holds more than one batch, and a
row refused never stops the others. Each batch looks up at once what it needs (the keys already
imported, the postcodes, the people with the NHS numbers it names, their households and those
households' children and pregnancies), decides each row in memory, then writes the batch with
a few inserts a table (bench/birth_import.py: one row at a time through families.services was
a query-bound 30 rows a second). For each new notification:

- the **parent** is the person with their NHS number (the matching's certain match: a valid
  NHS number already on a record), or a new person; their **household** is one where they are
  a parent or carer, or a new one placed, as families.services.family_create places one, in
  the locality and hub that serve its postcode (directory.selectors.postcode_served_by);
- the **baby**: with an NHS number already on a record, that person; otherwise, for a birth,
  the household's unborn child due around then (rules.is_birth_of), who is born as
  families.services.birth_record records it (the same person, now with a date of birth, a name
  and a sex, a child of the household); otherwise a new person. Nobody is joined on a likeness
  of names and dates: an uncertain match is a new person, for a human to merge later (families'
  merge pages) rather than a stranger silently joined;
- twins are two rows (multiple_birth_order 1 and 2) in one household: the first takes the
  unborn child of the pregnancy, the second is a new child of the same household;
- a **postcode** outside the council refuses the row, naming the council whose it is; a
  postcode the postcode directory does not know keeps the row, in a household without a
  locality (the row is listed as kept without one, for somebody to put right).

The batch's audit events are the ones families.services writes for the same changes (a
household created, a person added to it, a birth recorded) and one per notification, appended
together. A birth makes the household's invitation (one per household and date of birth), and
the invitations job is queued after the batch commits. Pregnancies are not invited: the welcome
session is for babies, and a pregnancy's household is invited when its birth is notified.
"""

import csv
import datetime as dt
import logging
import secrets
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django_q.tasks import async_task

from familyhub.accounts.models import User
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_append, audit_record
from familyhub.directory.models import Language, Location
from familyhub.directory.selectors import postcode_served_by
from familyhub.families.models import Family, Membership, Person
from familyhub.families.services import REFERENCE_ALPHABET, REFERENCE_PREFIX
from familyhub.notifications.services import message_send
from familyhub.places.models import LocalAuthority, Locality, LocalitySector, Postcode
from familyhub.places.rules import postcode_sector
from familyhub.places.selectors import postcode_council_elsewhere
from familyhub.startforlife import rules
from familyhub.startforlife.importing import (
    Row,
    RowError,
    header_problem,
    row_parse,
)
from familyhub.startforlife.models import Invitation, MilestoneDone, Notification
from familyhub.startforlife.selectors import welcome_session_next

logger = logging.getLogger(__name__)

BATCH = 500
INVITE_JOB = "familyhub.startforlife.services.invitations_send"
# The reasons listed on the page and by the command; beyond this many only counted.
REPORTED_AT_MOST = 500
PARENT_ROLES = (Membership.Role.PARENT, Membership.Role.CARER)
CREATE, CHANGE = AuditEvent.Action.CREATE, AuditEvent.Action.CHANGE


@dataclass
class ImportReport:
    """What an import did: counts, and each refused (or noted) row by number and reason."""

    problem: str = ""  # the whole file was refused (no header, a column missing)
    rows: int = 0
    created: int = 0
    births_of_pregnancies: int = 0
    already_imported: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)
    refused_count: int = 0
    without_locality: list[tuple[int, str]] = field(default_factory=list)

    def refuse(self, number: int, reason: str) -> None:
        self.refused_count += 1
        if len(self.refused) < REPORTED_AT_MOST:
            self.refused.append((number, reason))


@dataclass
class _Import:
    """What a whole import keeps between batches: who, where, and what it has looked up."""

    local_authority: LocalAuthority
    by: User
    report: ImportReport
    languages: dict[str, Language]
    seen: set[str] = field(default_factory=set)  # this file's keys, for rows repeated in it
    served: dict[str, tuple[Locality | None, Location | None]] = field(default_factory=dict)
    assigned_sectors: set[str] | None = None  # the sectors localities serve, once looked up


@dataclass
class _Batch:
    """One batch: what it looked up at once, and what it will write at once."""

    people: dict[str, Person]  # by NHS number, saved or new in this batch
    households: dict[UUID, Family]  # parent's person id → their household
    children: dict[UUID, list[Membership]]  # family id → its unborn and children, with person
    postcodes: dict[str, Postcode]
    families: list[Family] = field(default_factory=list)
    people_new: list[Person] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    member_pairs: set[tuple[UUID, UUID]] = field(default_factory=set)
    languages: list[tuple[Person, Language]] = field(default_factory=list)
    born: dict[UUID, tuple[Membership, list[str]]] = field(default_factory=dict)
    notifications: list[Notification] = field(default_factory=list)
    invitations: dict[tuple[UUID, dt.date], Invitation] = field(default_factory=dict)


def notifications_import(
    *, lines: Iterable[str], local_authority: LocalAuthority, by: User, today: dt.date | None = None
) -> ImportReport:
    """Import a notifications file (its lines as text: importing.text_lines); see the module."""
    today = today or timezone.localdate()
    report = ImportReport()
    reader = csv.DictReader(iter(lines))
    try:
        report.problem = header_problem(reader.fieldnames)
    except csv.Error as error:
        report.problem = f"The file cannot be read as CSV: {error}."
    if report.problem:
        return report
    run = _Import(local_authority, by, report, Language.objects.in_bulk())
    rows: list[Row] = []
    number = 1  # the header is row 1, as a spreadsheet numbers it
    while True:
        number += 1
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            report.refuse(number, f"The row cannot be read as CSV: {error}.")
            continue
        report.rows += 1
        try:
            rows.append(row_parse(number, raw, today=today))
        except RowError as error:
            report.refuse(number, str(error))
        if len(rows) >= BATCH:
            _batch_import(rows, run)
            rows = []
    if rows:
        _batch_import(rows, run)
    return report


def _batch_import(rows: list[Row], run: _Import) -> None:
    keys = {row.number: _key(row) for row in rows}
    taken = set(Notification.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    with transaction.atomic():
        batch = _batch_look_up(rows, run)
        for row in rows:
            key = keys[row.number]
            if key in taken or key in run.seen:
                run.report.already_imported += 1
                continue
            refusal = _postcode_refusal(row.postcode, batch, run)
            if refusal:
                run.report.refuse(row.number, refusal)
                continue
            run.seen.add(key)
            _notification_import(row, key, batch, run)
        invitations = _batch_write(batch, run)
        transaction.on_commit(lambda: _invitations_enqueue(invitations))


def _batch_look_up(rows: list[Row], run: _Import) -> _Batch:
    """The people these rows' NHS numbers name, their households, and those households'
    children and pregnancies: three queries for the batch."""
    numbers = {row.parent_nhs_number for row in rows} | {
        row.baby_nhs_number for row in rows if row.baby_nhs_number
    }
    people = {
        person.nhs_number: person
        for person in Person.objects.filter(
            local_authority=run.local_authority, nhs_number__in=numbers, merged_into__isnull=True
        ).order_by("-created")  # the oldest record of a number wins, as it is written last
    }
    households: dict[UUID, Family] = {}
    pairs: set[tuple[UUID, UUID]] = set()
    for membership in (
        Membership.objects.filter(person__in=people.values())
        .select_related("family")
        .order_by("-family__created")
    ):
        pairs.add((membership.family_id, membership.person_id))
        if membership.role in PARENT_ROLES:
            households[membership.person_id] = membership.family
    children: dict[UUID, list[Membership]] = defaultdict(list)
    for membership in Membership.objects.filter(
        family__in={family.pk for family in households.values()},
        role__in=[Membership.Role.UNBORN, Membership.Role.CHILD],
    ).select_related("person"):
        children[membership.family_id].append(membership)
    return _Batch(
        people=people,
        households=households,
        children=children,
        postcodes=Postcode.objects.in_bulk({row.postcode for row in rows}),
        member_pairs=pairs,
    )


def _key(row: Row) -> str:
    return rules.notification_key(
        kind=row.kind,
        parent_nhs_number=row.parent_nhs_number,
        born_on=row.born_on,
        due_date=row.due_date,
        order=row.order,
    )


def _postcode_refusal(postcode: str, batch: _Batch, run: _Import) -> str:
    """Why a row with this postcode is refused (another council's), or ""."""
    known = batch.postcodes.get(postcode)
    if known is not None:
        if known.local_authority_code == run.local_authority.code:
            return ""
        other = LocalAuthority.objects.filter(code=known.local_authority_code).first()
        name = other.name if other else known.local_authority_code
        return f"{postcode} is in {name}'s area, not ours: send it to them."
    elsewhere = postcode_council_elsewhere(postcode)
    if elsewhere is not None:
        name = elsewhere.name or elsewhere.code
        return f"{postcode} is in {name}'s area, not ours: send it to them."
    return ""


def _notification_import(row: Row, key: str, batch: _Batch, run: _Import) -> None:
    family = _household_of(row, batch, run)
    baby, was_unborn = _baby_of(row, family, batch, run)
    notification = Notification(
        key=key,
        local_authority=run.local_authority,
        kind=row.kind,
        notifying_service=row.notifying_service,
        notified_on=row.notified_on,
        family=family,
        baby=baby,
        born_on=row.born_on,
        due_date=row.due_date,
        multiple_birth_order=row.order,
        channel=row.channel,
        contact=row.contact,
        language=row.language,
        imported_by=run.by,
    )
    batch.notifications.append(notification)
    run.report.created += 1
    run.report.births_of_pregnancies += was_unborn
    if family.locality_id is None and len(run.report.without_locality) < REPORTED_AT_MOST:
        run.report.without_locality.append(
            (row.number, f"{row.postcode} is not in the postcode directory: kept, no locality.")
        )
    if row.kind == Notification.Kind.BIRTH:
        assert row.born_on is not None  # a birth row always has one (importing._dates)
        batch.invitations.setdefault(
            (family.pk, row.born_on),
            Invitation(family=family, notification=notification, born_on=row.born_on),
        )


# The household and the baby, in memory: written together at the end of the batch.


def _household_of(row: Row, batch: _Batch, run: _Import) -> Family:
    """The birth parent's household, or a new one with them in it."""
    parent = batch.people.get(row.parent_nhs_number)
    if parent is not None and parent.pk in batch.households:
        return batch.households[parent.pk]
    family = _family_new(row, batch, run)
    if parent is None:
        parent = _person_new(
            batch,
            run,
            local_authority=run.local_authority,
            given_name=row.parent_given_name,
            family_name=row.parent_family_name,
            date_of_birth=row.parent_date_of_birth,
            nhs_number=row.parent_nhs_number,
            postcode=family.postcode,
        )
        language = run.languages.get(row.language.split("-")[0])
        if language is not None:
            batch.languages.append((parent, language))
    _member_add(batch, family, parent, Membership.Role.PARENT)
    batch.households[parent.pk] = family
    return family


def _family_new(row: Row, batch: _Batch, run: _Import) -> Family:
    """A new household placed as families.services.family_create places one: in the locality
    and hub serving its postcode, if the postcode is known."""
    family = Family(
        local_authority=run.local_authority,
        name=row.parent_family_name,
        address_1=row.address_1,
        address_2=row.address_2,
        city=row.town,
        postcode=row.postcode,
    )
    family.locality, family.hub = _served(row.postcode, batch, run)
    batch.families.append(family)
    return family


def _served(postcode: str, batch: _Batch, run: _Import) -> tuple[Locality | None, Location | None]:
    """Who serves the postcode (directory.selectors.postcode_served_by), asked once a sector:
    a sector a locality serves is served the same everywhere in it (only an unassigned one
    depends on the nearest site, so is asked once a postcode)."""
    known = batch.postcodes.get(postcode)
    if known is None or known.terminated:
        return None, None
    if run.assigned_sectors is None:
        run.assigned_sectors = set(
            LocalitySector.objects.filter(local_authority=run.local_authority).values_list(
                "sector", flat=True
            )
        )
    sector = postcode_sector(postcode)
    asked = sector if sector in run.assigned_sectors else postcode
    if asked not in run.served:
        serving = postcode_served_by(known)
        run.served[asked] = (serving.locality, serving.main_hub)
    return run.served[asked]


def _person_new(batch: _Batch, run: _Import, **fields: object) -> Person:
    person = Person(**fields)
    batch.people_new.append(person)
    nhs_number = fields.get("nhs_number")
    if nhs_number:
        batch.people[str(nhs_number)] = person
    return person


def _member_add(batch: _Batch, family: Family, person: Person, role: str) -> Membership | None:
    """The person in the household (once); children and pregnancies are kept to match."""
    if (family.pk, person.pk) in batch.member_pairs:
        return None
    membership = Membership(family=family, person=person, role=role)
    batch.memberships.append(membership)
    batch.member_pairs.add((family.pk, person.pk))
    if role in (Membership.Role.UNBORN, Membership.Role.CHILD):
        batch.children[family.pk].append(membership)
    return membership


def _baby_of(row: Row, family: Family, batch: _Batch, run: _Import) -> tuple[Person, bool]:
    """The baby's person, and whether it was the household's unborn child until now."""
    known = batch.people.get(row.baby_nhs_number) if row.baby_nhs_number else None
    if known is not None:
        _member_add(batch, family, known, Membership.Role.CHILD)
        return known, False
    if row.kind == Notification.Kind.PREGNANCY:
        assert row.due_date is not None  # a pregnancy row always has one (importing._dates)
        return _pregnancy_baby(row, row.due_date, family, batch, run), False
    assert row.born_on is not None
    unborn = _unborn_due_around(family, row.born_on, batch)
    if unborn is not None:
        return _born(row, row.born_on, unborn, batch), True
    baby = _person_new(
        batch,
        run,
        local_authority=run.local_authority,
        given_name=row.baby_given_name,
        family_name=row.baby_family_name or row.parent_family_name,
        date_of_birth=row.born_on,
        sex=row.baby_sex,
        nhs_number=row.baby_nhs_number,
        postcode=family.postcode,
    )
    _member_add(batch, family, baby, Membership.Role.CHILD)
    return baby, False


def _unborn_due_around(family: Family, born_on: dt.date, batch: _Batch) -> Membership | None:
    for membership in sorted(
        batch.children[family.pk], key=lambda m: m.person.due_date or dt.date.max
    ):
        due_date = membership.person.due_date
        if (
            membership.role == Membership.Role.UNBORN
            and due_date
            and rules.is_birth_of(due_date=due_date, born_on=born_on)
        ):
            return membership
    return None


def _pregnancy_baby(
    row: Row, due_date: dt.date, family: Family, batch: _Batch, run: _Import
) -> Person:
    """The household's child of this pregnancy if it is known (another notice of it, or its
    birth notified first), else a new unborn child."""
    for membership in batch.children[family.pk]:
        person = membership.person
        if person.due_date and rules.is_same_pregnancy(person.due_date, due_date):
            return person
        if person.date_of_birth and rules.is_birth_of(
            due_date=due_date, born_on=person.date_of_birth
        ):
            return person
    baby = _person_new(
        batch,
        run,
        local_authority=run.local_authority,
        family_name=row.parent_family_name,
        due_date=due_date,
        postcode=family.postcode,
    )
    _member_add(batch, family, baby, Membership.Role.UNBORN)
    return baby


def _born(row: Row, born_on: dt.date, unborn: Membership, batch: _Batch) -> Person:
    """The unborn child is born, as families.services.birth_record records it: the same person
    now with a date of birth, a name and a sex, a child of the household."""
    person = unborn.person
    changes = {
        "date_of_birth": born_on,
        "due_date": None,
        "sex": row.baby_sex,
        "given_name": row.baby_given_name,
        "family_name": row.baby_family_name or person.family_name,
        "nhs_number": row.baby_nhs_number or person.nhs_number,
    }
    changed = sorted(name for name, value in changes.items() if getattr(person, name) != value)
    for name in changed:
        setattr(person, name, changes[name])
    person.modified = timezone.now()  # bulk_update leaves auto_now alone
    unborn.role = Membership.Role.CHILD
    if person.nhs_number:
        batch.people[person.nhs_number] = person
    if unborn.pk is not None:  # on the record already: changed, not created, by this batch
        earlier = batch.born.get(person.pk, (unborn, []))[1]
        batch.born[person.pk] = (unborn, sorted({*earlier, *changed}))
    return person


def _batch_write(batch: _Batch, run: _Import) -> list[int]:
    """Write what the batch made, a few inserts a table, and its audit events in one append.
    Returns the new invitations' ids, for the job."""
    _references_give(batch.families)
    Family.objects.bulk_create(batch.families)
    Person.objects.bulk_create(batch.people_new)
    Person.languages.through.objects.bulk_create(
        Person.languages.through(person_id=person.pk, language_id=language.pk)
        for person, language in batch.languages
    )
    Membership.objects.bulk_create(batch.memberships)
    born = [membership.person for membership, _fields in batch.born.values()]
    Person.objects.bulk_update(
        born,
        ["date_of_birth", "due_date", "sex", "given_name", "family_name", "nhs_number", "modified"],
    )
    Membership.objects.bulk_update([m for m, _fields in batch.born.values()], ["role"])
    Notification.objects.bulk_create(batch.notifications)
    made = _invitations_new(batch)
    audit_append(_events(batch, run))
    return [invitation.pk for invitation in made]


def _references_give(families: list[Family]) -> None:
    """A new reference for each household (families.services' alphabet), none already taken."""
    waiting = list(families)
    while waiting:
        for family in waiting:
            family.reference = REFERENCE_PREFIX + "".join(
                secrets.choice(REFERENCE_ALPHABET) for _ in range(6)
            )
        taken = set(
            Family.objects.filter(reference__in=[f.reference for f in waiting]).values_list(
                "reference", flat=True
            )
        )
        mine = Counter(family.reference for family in waiting)
        waiting = [f for f in waiting if f.reference in taken or mine[f.reference] > 1]


def _invitations_new(batch: _Batch) -> list[Invitation]:
    """The batch's invitations but those its households have for that birth already."""
    wanted = batch.invitations
    already = set(
        Invitation.objects.filter(family__in={family for family, _born in wanted}).values_list(
            "family_id", "born_on"
        )
    )
    return Invitation.objects.bulk_create(
        invitation for pair, invitation in wanted.items() if pair not in already
    )


def _events(batch: _Batch, run: _Import) -> list[AuditEvent]:
    """The audit events families.services writes for the same changes (family_create,
    person_add, member_add, birth_record), and one for each notification."""

    def event(action: str, record: Model, family_id: UUID, details: dict) -> AuditEvent:
        return AuditEvent(
            actor_id=run.by.pk,
            actor_label=run.by.email,
            action=action,
            record_type=record._meta.label_lower,
            record_id=str(record.pk),
            family_id=family_id,
            local_authority_code=run.local_authority.code,
            details=details,
        )

    new_people = {person.pk for person in batch.people_new}
    return [
        *(event(CREATE, family, family.pk, {}) for family in batch.families),
        *(
            event(
                CREATE,
                m,
                m.family_id,
                {"person": str(m.person_id), "role": m.role}
                | ({} if m.person_id in new_people else {"existing_person": True}),
            )
            for m in batch.memberships
        ),
        *(
            event(
                CHANGE,
                m,
                m.family_id,
                {"birth": True, "person": str(m.person_id), "fields": [*fields, "role"]},
            )
            for m, fields in batch.born.values()
        ),
        *(
            event(CREATE, n, n.family_id, {"kind": n.kind, "person": str(n.baby_id)})
            for n in batch.notifications
        ),
    ]


# Invitations


def _invitations_enqueue(invitation_ids: list[int]) -> None:
    # Never raises into the import: an invitation the queue did not take waits for the daily job.
    if not invitation_ids:
        return
    try:
        async_task(INVITE_JOB, invitation_ids, group="invitations")
    except Exception:
        logger.exception(
            "%s invitations: could not queue them; the daily job will", len(invitation_ids)
        )


def invitations_send(invitation_ids: list[int] | None = None) -> int:
    """The job: send each waiting invitation (these, or all) to the next welcome session near
    the family, if one is scheduled; the rest keep waiting for the daily run (migration 0002).
    Once only, however often it runs: each is sent under a lock of its row, and the message's
    key names the invitation. Returns how many were sent."""
    waiting = Invitation.objects.filter(status=Invitation.Status.WAITING)
    if invitation_ids is not None:
        waiting = waiting.filter(pk__in=invitation_ids)
    now = timezone.now()
    return sum(_invitation_send(pk, now) for pk in list(waiting.values_list("pk", flat=True)))


def _invitation_send(invitation_id: int, now: dt.datetime) -> bool:
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .filter(pk=invitation_id, status=Invitation.Status.WAITING)
            .first()
        )
        if invitation is None:
            return False  # sent meanwhile, by another run of the job
        family = Family.objects.get(pk=invitation.family_id)
        session = welcome_session_next(family, now=now)
        if session is None:
            return False
        notification = Notification.objects.get(pk=invitation.notification_id)
        with translation.override(notification.language):
            when = date_format(timezone.localtime(session.starts), "l j F Y, H:i")
        message_send(
            template="welcome_invitation",
            channel=notification.channel,
            to=notification.contact,
            language=notification.language,
            idempotency_key=f"welcome_invitation:{invitation.pk}",
            personalisation={
                "service_name": settings.SERVICE_NAME,
                "council_name": settings.COUNCIL_NAME,
                "activity": session.activity.name,
                "place": session.location.name,
                "when": when,
                "link": settings.SITE_URL + reverse("activities:session", args=[session.pk]),
            },
        )
        Invitation.objects.filter(pk=invitation.pk).update(
            status=Invitation.Status.SENT, session=session, sent_at=now
        )
        audit_record(
            actor=None,
            action=AuditEvent.Action.CHANGE,
            record=invitation,
            details={"status": Invitation.Status.SENT, "session": session.pk},
        )
    return True


# Reviews and reads


def milestone_record(
    *, baby: Person, family: Family, milestone: str, done_on: dt.date, by: User
) -> MilestoneDone:
    """A health visiting review done (or its date put right)."""
    with transaction.atomic():
        done, created = MilestoneDone.objects.update_or_create(
            baby=baby,
            milestone=milestone,
            defaults={"family": family, "done_on": done_on, "recorded_by": by},
        )
        audit_record(
            actor=by,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.CHANGE,
            record=done,
            details={"milestone": milestone, "person": str(baby.pk)},
        )
    return done


def first_days_read(*, by: User, family_ids: list, local_authority_code: str) -> None:
    """The 1,001-days list was shown: one view event per household on the page, in one insert."""
    audit_append(
        [
            AuditEvent(
                actor_id=by.pk,
                actor_label=by.email,
                action=AuditEvent.Action.VIEW,
                record_type=Family._meta.label_lower,
                record_id=str(family_id),
                family_id=family_id,
                local_authority_code=local_authority_code,
                details={"page": "first 1,001 days"},
            )
            for family_id in dict.fromkeys(family_ids)
        ]
    )
