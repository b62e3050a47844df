"""Reads of the shared family record that pages and exports share. Every read goes through the
access rules in `families.rules`; a family the user has no reason to see is a 404, never a 403,
so that its existence is not even acknowledged."""

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from familyhub.accounts.models import Organisation, User
from familyhub.audit.models import AuditEvent
from familyhub.families.matching import Candidate, find_candidates
from familyhub.families.models import (
    ChronologyEvent,
    Consent,
    Family,
    Involvement,
    Membership,
    Person,
    Relationship,
    SafeguardingOverride,
)
from familyhub.families.rules import (
    RecordKind,
    covering_organisation_ids,
    families_visible_to,
    kinds_seen_by_organisation,
    may_grant_override,
    seen_under_override,
)

RECORD_KINDS = (RecordKind.PEOPLE, RecordKind.CHRONOLOGY)


def family_get_for_user(
    user: User | AnonymousUser, pk: UUID | str, *, kind: str, now: dt.datetime
) -> Family:
    """The family, if this user may see this kind of its record; otherwise Http404."""
    family = (
        families_visible_to(user, kind=kind, now=now)
        .select_related("locality", "hub", "local_authority")
        .filter(pk=pk)
        .first()
    )
    if family is None:
        raise Http404
    return family


def visible_kinds(
    user: User | AnonymousUser, pk: UUID | str, *, now: dt.datetime
) -> tuple[Family, list[str]]:
    """The family and which kinds of its record the user may see; Http404 when none.

    A chronology-only consent shows the events and nothing of the people (SCOPES_COVERING).
    """
    kinds, family = [], None
    for kind in RECORD_KINDS:
        try:
            family = family_get_for_user(user, pk, kind=kind, now=now)
        except Http404:
            continue
        kinds.append(kind)
    if family is None:
        raise Http404
    return family, kinds


def family_search(user: User | AnonymousUser, *, query: str, now: dt.datetime) -> QuerySet[Family]:
    """Families the user works with (people part visible), by name or reference."""
    families = families_visible_to(user, kind=RecordKind.PEOPLE, now=now).select_related("locality")
    query = query.strip()
    if query:
        families = families.filter(Q(name__icontains=query) | Q(reference__iexact=query))
    return families.order_by("name", "reference")


def family_ids_with_reference(reference: str) -> list:
    """The id of the family with this reference (case-insensitive), for the audit log's query."""
    return list(Family.objects.filter(reference__iexact=reference).values_list("pk", flat=True))


def chronology_for_family(family: Family) -> QuerySet[ChronologyEvent]:
    """Newest first, with what each line shows fetched in the same query: constant queries."""
    return (
        ChronologyEvent.objects.filter(family=family)
        .select_related("organisation", "recorded_by", "person")
        .order_by("-occurred_on", "-recorded_at")
    )


def members_of(family: Family) -> list[Membership]:
    """The household, without records merged into another: that other person is them now,
    and is listed once. Pages, API and export all read the household here."""
    return list(
        Membership.objects.filter(family=family, person__merged_into__isnull=True)
        .select_related("person")
        .prefetch_related(
            "person__languages",
            Prefetch(
                "person__relationships",
                queryset=Relationship.objects.filter(
                    other__merged_into__isnull=True
                ).select_related("other"),
            ),
        )
        .order_by("role", "person__date_of_birth")
    )


def involvements_of(family: Family) -> list[Involvement]:
    return list(
        Involvement.objects.filter(family=family)
        .select_related("organisation", "worker")
        .order_by("ended", "-started")
    )


def consents_of(family: Family) -> list[Consent]:
    return list(
        Consent.objects.filter(family=family)
        .select_related("given_by", "recorded_by")
        .prefetch_related("organisations")
        .order_by("-given_at")
    )


def overrides_of(family: Family) -> list[SafeguardingOverride]:
    return list(
        SafeguardingOverride.objects.filter(family=family)
        .select_related("organisation", "granted_by")
        .order_by("-starts")
    )


def record_viewers(family: Family) -> QuerySet[AuditEvent]:
    """Who has looked at or changed the family's record, newest first (the audit trail)."""
    return AuditEvent.objects.filter(family_id=family.pk).order_by("-at", "-id")


@dataclass
class FamilyRecord:
    """All a record page or export shows, read in a fixed number of queries."""

    family: Family
    kinds: list[str]
    under_override: bool
    members: list[Membership] = field(default_factory=list)
    involvements: list[Involvement] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    overrides: list[SafeguardingOverride] = field(default_factory=list)

    @property
    def shows_people(self) -> bool:
        return RecordKind.PEOPLE in self.kinds

    @property
    def shows_chronology(self) -> bool:
        return RecordKind.CHRONOLOGY in self.kinds

    @property
    def relationships(self) -> list[Relationship]:
        """Between the household's people, from the prefetched members: no further queries."""
        return [r for m in self.members for r in m.person.relationships.all()]


def family_record_for_user(
    user: User | AnonymousUser, pk: UUID | str, *, now: dt.datetime
) -> FamilyRecord:
    family, kinds = visible_kinds(user, pk, now=now)
    record = FamilyRecord(
        family=family, kinds=kinds, under_override=seen_under_override(user, family, now=now)
    )
    if record.shows_people:
        record.members = members_of(family)
        record.involvements = involvements_of(family)
        record.consents = consents_of(family)
        record.overrides = overrides_of(family)
    return record


def people_of(family: Family) -> QuerySet[Person]:
    return Person.objects.filter(households__family=family).order_by("given_name")


def organisations_involved(family: Family, *, now: dt.datetime) -> QuerySet[Organisation]:
    """The organisations now working with the family: whom consent or an override may name."""
    today = now.date()
    return (
        Organisation.objects.filter(
            Q(involvement__ended__isnull=True) | Q(involvement__ended__gte=today),
            involvement__family=family,
            involvement__started__lte=today,
        )
        .distinct()
        .order_by("name")
    )


def organisations_covering(
    user: User | AnonymousUser, family: Family, *, kind: str, now: dt.datetime
) -> QuerySet[Organisation]:
    """The user's organisations that may see this kind of the family's record, by name."""
    return Organisation.objects.filter(
        pk__in=covering_organisation_ids(user, family, kind=kind, now=now)
    ).order_by("name")


def consent_get_in_force(family: Family, consent_pk: int) -> Consent:
    """One of the family's consents not withdrawn; Http404 otherwise."""
    consent = (
        Consent.objects.prefetch_related("organisations")
        .filter(pk=consent_pk, family=family, withdrawn_at__isnull=True)
        .first()
    )
    if consent is None:
        raise Http404
    return consent


@dataclass
class AccessLost:
    """An organisation working with the family that a withdrawal takes sight from."""

    organisation: Organisation
    loses: list[str]  # the kinds of record (RecordKind) it no longer sees
    keeps: list[str]  # what it still sees through another consent or an override
    staff: list[User]  # its workers named on the family's current involvements


@dataclass
class WithdrawalEffect:
    """What withdrawing one consent would change, worked out from the access rules."""

    losing: list[AccessLost]
    # Who still sees the family's people, and so any open episode, once it is withdrawn.
    still_seeing: list[Organisation]
    # The lead professionals named on the record (current lead involvements), and which of
    # them would no longer see the family: their episode would be out of their sight.
    lead_professionals: list[User]
    leads_losing_sight: list[User]


def _current(involvements: QuerySet[Involvement], now: dt.datetime) -> QuerySet[Involvement]:
    today = now.date()
    return involvements.filter(Q(ended__isnull=True) | Q(ended__gte=today), started__lte=today)


def consent_withdrawal_effect(consent: Consent, *, now: dt.datetime) -> WithdrawalEffect:
    """Who loses sight of which parts of the family's record if this consent is withdrawn,
    who still sees it, and its lead professionals: for the confirmation page and the service
    that notifies them."""
    family = consent.family
    before = kinds_seen_by_organisation(family, now=now)
    after = kinds_seen_by_organisation(family, now=now, ignoring_consent=consent.pk)
    involvements = list(
        _current(Involvement.objects.filter(family=family), now)
        .select_related("organisation", "worker")
        .order_by("organisation__name", "worker__first_name", "worker__last_name")
    )
    organisations = {i.organisation_id: i.organisation for i in involvements}
    staff: dict = {}
    for involvement in involvements:
        if involvement.worker is not None:
            staff.setdefault(involvement.organisation_id, {})[involvement.worker.pk] = (
                involvement.worker
            )
    losing = [
        AccessLost(
            organisation=organisations[organisation_id],
            loses=[k for k in RECORD_KINDS if k in kinds - after.get(organisation_id, set())],
            keeps=[k for k in RECORD_KINDS if k in after.get(organisation_id, set())],
            staff=list(staff.get(organisation_id, {}).values()),
        )
        for organisation_id, kinds in before.items()
        if kinds - after.get(organisation_id, set())
    ]
    leads = {
        i.worker.pk: (i.worker, i.organisation_id)
        for i in involvements
        if i.worker is not None and i.role == Involvement.Role.LEAD_PROFESSIONAL
    }
    still_seeing = [o for o, kinds in after.items() if RecordKind.PEOPLE in kinds]
    return WithdrawalEffect(
        losing=sorted(losing, key=lambda lost: lost.organisation.name),
        still_seeing=sorted(
            (organisations[o] for o in still_seeing), key=lambda organisation: organisation.name
        ),
        lead_professionals=[worker for worker, _ in leads.values()],
        leads_losing_sight=[
            worker for worker, organisation in leads.values() if organisation not in still_seeing
        ],
    )


def family_get_for_override(
    user: User | AnonymousUser, pk: UUID | str, *, now: dt.datetime
) -> Family:
    """The family, if the user may share its record without consent (may_grant_override); else
    Http404, the same as an unknown family: not acknowledged to anyone who could not."""
    family = Family.objects.filter(pk=pk).first()
    if family is None or not may_grant_override(user, family, now=now):
        raise Http404
    return family


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def family_record_as_dict(record: FamilyRecord, events: list[ChronologyEvent]) -> dict:
    """The export: exactly the parts of the record the page would show, as plain data."""
    family = record.family
    data: dict = {"reference": family.reference, "parts": record.kinds}
    if record.under_override:
        data["shared_without_consent"] = True
    if record.shows_people:
        data["family"] = {
            "name": family.name,
            "address": [family.address_1, family.address_2, family.city, family.postcode],
            "locality": family.locality.name if family.locality else None,
        }
        data["members"] = [
            {
                "role": m.role,
                "given_name": m.person.given_name,
                "family_name": m.person.family_name,
                "date_of_birth": _date(m.person.date_of_birth),
                "due_date": _date(m.person.due_date),
                "sex": m.person.sex,
                "nhs_number": m.person.nhs_number,
                "languages": [language.code for language in m.person.languages.all()],
                "interpreter_needed": m.person.interpreter_needed,
                "send": m.person.send,
                "ehc_plan": m.person.ehc_plan,
            }
            for m in record.members
        ]
        data["involvements"] = [
            {
                "organisation": i.organisation.name,
                "role": i.role,
                "worker": i.worker.get_full_name() if i.worker else None,
                "started": _date(i.started),
                "ended": _date(i.ended),
            }
            for i in record.involvements
        ]
        data["consents"] = [
            {
                "scope": c.scope,
                "organisations": [o.name for o in c.organisations.all()],
                "purpose": c.purpose,
                "lawful_basis": c.lawful_basis,
                "given_at": _date(c.given_at),
                "given_how": c.given_how,
                "withdrawn_at": _date(c.withdrawn_at),
            }
            for c in record.consents
        ]
    if record.shows_chronology:
        data["chronology"] = [
            {
                "occurred_on": _date(e.occurred_on),
                "summary": e.summary,
                "detail": e.detail,
                "organisation": e.organisation.name,
                # Who an event is about is people data: named only where that part is shared.
                "person": str(e.person) if e.person and record.shows_people else None,
            }
            for e in events
        ]
    return data


# Two records of one person (views/merging.py)

MERGE_CANDIDATES_SHOWN = 5


@dataclass
class MergeCandidate:
    """A person as the merge pages show them: with the households the user may see."""

    person: Person
    households: list[Family]
    score: float | None = None
    reasons: list[str] | None = None

    @property
    def percent(self) -> int:
        # Rounded down, so that only a certain (NHS number) match ever reads 100%.
        return int((self.score or 0) * 100)


@dataclass
class MergeRow:
    """One merge into a person in this household, not undone: what the record page lists."""

    event: AuditEvent
    merged: Person
    kept: Person


def household_member_get(family: Family, person_pk: UUID | str) -> Person:
    """A live (not merged away) person in this household; Http404 otherwise."""
    person = Person.objects.filter(
        pk=person_pk, households__family=family, merged_into=None
    ).first()
    if person is None:
        raise Http404
    return person


def households_visible_to(
    user: User | AnonymousUser, people: list[Person], *, now: dt.datetime
) -> dict[UUID, list[Family]]:
    """Each person's households that the user may see the people of, in one query."""
    visible = families_visible_to(user, kind=RecordKind.PEOPLE, now=now)
    households: dict[UUID, list[Family]] = {person.pk: [] for person in people}
    for membership in (
        Membership.objects.filter(person__in=people, family__in=visible)
        .select_related("family")
        .order_by("family__name", "family__reference")
    ):
        households[membership.person_id].append(membership.family)
    return households


def merge_candidate_this(
    user: User | AnonymousUser, person: Person, *, now: dt.datetime
) -> MergeCandidate:
    """The person being merged, shown like the candidates."""
    return MergeCandidate(person, households_visible_to(user, [person], now=now)[person.pk])


def merge_candidates_for(
    user: User | AnonymousUser, person: Person, *, now: dt.datetime
) -> list[MergeCandidate]:
    """Other live records that may be this person, best first, that the user may see.

    A valid NHS number already on this very record makes `find_candidates` answer with this
    record alone; then the other details are matched without it.
    """
    described = partial(
        find_candidates,
        local_authority_code=person.local_authority_id,
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        sex=person.sex,
        postcode=person.postcode,
        limit=MERGE_CANDIDATES_SHOWN + 1,
    )
    found: list[Candidate] = [
        c for c in described(nhs_number=person.nhs_number) if c.person.pk != person.pk
    ]
    if not found and person.nhs_number:
        found = [c for c in described() if c.person.pk != person.pk]
    households = households_visible_to(user, [c.person for c in found], now=now)
    return [
        MergeCandidate(c.person, households[c.person.pk], c.score, c.reasons)
        for c in found
        if households[c.person.pk]  # a record in no family the user can see is not offered
    ][:MERGE_CANDIDATES_SHOWN]


def merges_on_record(members: list[Membership]) -> list[MergeRow]:
    """Merges into the household's live people that are not undone, newest first.

    A MERGE event names the merged-away person as its record (its family column is empty), so
    they are found through `merged_into`, which an undo clears; at most three queries.
    """
    live = {m.person_id: m.person for m in members if m.person.merged_into_id is None}
    merged = {str(p.pk): p for p in Person.objects.filter(merged_into__in=list(live))}
    if not merged:
        return []
    events = list(
        AuditEvent.objects.filter(
            action__in=[AuditEvent.Action.MERGE, AuditEvent.Action.UNMERGE],
            record_type="families.person",
            record_id__in=list(merged),
        ).order_by("-at", "-id")
    )
    undone = {e.details.get("merge_event") for e in events if e.action == AuditEvent.Action.UNMERGE}
    rows: dict[str, MergeRow] = {}
    for event in events:
        person = merged[event.record_id]
        assert person.merged_into_id is not None  # found through merged_into
        if (
            event.action != AuditEvent.Action.MERGE
            or event.pk in undone
            or event.record_id in rows  # an earlier merge of the same record, since undone
            or event.details.get("keep") != str(person.merged_into_id)
        ):
            continue
        rows[event.record_id] = MergeRow(event, person, live[person.merged_into_id])
    return list(rows.values())
