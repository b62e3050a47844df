"""Reads of the shared family record that pages and exports share. Every read goes through the
access rules in `families.rules`; a family the user has no reason to see is a 404, never a 403,
so that its existence is not even acknowledged."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    Aggregate,
    Count,
    Exists,
    JSONField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import JSONObject
from django.db.models.sql.compiler import SQLCompiler
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
    families_with_sight,
    kinds_seen_by_organisation,
    may_grant_override,
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


class _CountedPaginator(Paginator):
    """A paginator told how many items there are (counted with the family, in its query)."""

    def __init__(self, object_list: QuerySet, per_page: int, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def chronology_page(record: "FamilyRecord", number: str | None, *, per_page: int) -> Page | None:
    """One page of the chronology, newest first (GOV.UK pagination), or None where the user
    may not see it: one query at any length."""
    if not record.shows_chronology:
        return None
    paginator = _CountedPaginator(
        chronology_for_family(record.family), per_page, count=record.events_count
    )
    page = paginator.get_page(number)
    page.object_list = list(page.object_list)  # read now, inside the caller's transaction
    return page


def _live_memberships(family: Family) -> QuerySet[Membership]:
    """The household, without records merged into another: that other person is them now,
    and is listed once. Pages, API and export all read the household through here."""
    return (
        Membership.objects.filter(family=family, person__merged_into__isnull=True)
        .select_related("person")
        .order_by("role", "person__date_of_birth")
    )


def members_of(family: Family) -> list[Membership]:
    """The household, each person with their languages and relationships prefetched."""
    return list(
        _live_memberships(family).prefetch_related(
            "person__languages",
            Prefetch(
                "person__relationships",
                queryset=Relationship.objects.filter(
                    other__merged_into__isnull=True
                ).select_related("other"),
            ),
        )
    )


class _JSONList(Aggregate):
    """A group's values as one JSON list (json_group_array in SQLite, jsonb_agg in PostgreSQL).

    In a subquery it reads the few rows that belong to each row of the outer query (a
    person's languages, a consent's organisations) with that row, instead of in a query of
    their own: the record page must stay within its query budget."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, Sequence[Any]]:
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def _listed(rows: QuerySet, group: str, **fields: str) -> Subquery:
    """The rows (already filtered on an OuterRef) as a JSON list of {field: value} objects,
    one list per `group`; NULL when there are none."""
    return Subquery(
        rows.order_by()
        .values(group)
        .annotate(listed=_JSONList(JSONObject(**fields)))
        .values("listed"),
        output_field=JSONField(),
    )


def household_for_record(family: Family) -> list[Membership]:
    """The household as members_of reads it, in one query: each member annotated with
    `language_rows` ({code, name} of each language they speak), `relationship_rows` ({kind,
    given_name, family_name} of each live person they relate to), each None when there are
    none, and `has_merged_records` (whether a record was merged into theirs)."""
    person = OuterRef("person_id")
    languages = _listed(
        Person.languages.through.objects.filter(person_id=person),
        "person_id",
        code="language__code",
        name="language__name",
    )
    relationships = _listed(
        Relationship.objects.filter(person_id=person, other__merged_into__isnull=True),
        "person_id",
        kind="kind",
        given_name="other__given_name",
        family_name="other__family_name",
    )
    return list(
        _live_memberships(family).annotate(
            language_rows=languages,
            relationship_rows=relationships,
            has_merged_records=Exists(Person.objects.filter(merged_into=person)),
        )
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


def consents_for_record(family: Family) -> list[Consent]:
    """The family's consents as consents_of reads them, in one query: each annotated with
    `organisation_rows` ({name} of each organisation it shares with; None when none)."""
    organisations = _listed(
        Consent.organisations.through.objects.filter(consent_id=OuterRef("pk")),
        "consent_id",
        name="organisation__name",
    )
    return list(
        Consent.objects.filter(family=family)
        .select_related("given_by", "recorded_by")
        .annotate(organisation_rows=organisations)
        .order_by("-given_at")
    )


def overrides_of(family: Family) -> list[SafeguardingOverride]:
    return list(
        SafeguardingOverride.objects.filter(family=family)
        .select_related("organisation", "granted_by")
        .order_by("-starts")
    )


# In the details of the audit event of a record read alongside the family's own (a request
# shown on the record page): the trail has it, the record's list of viewers shows the view once.
READ_WITH_RECORD = "read_with_record"


def record_viewers(family: Family) -> QuerySet[AuditEvent]:
    """Who has looked at or changed the family's record, newest first (the audit trail)."""
    return (
        AuditEvent.objects.filter(family_id=family.pk)
        .exclude(details__has_key=READ_WITH_RECORD)
        .order_by("-at", "-id")
    )


@dataclass(frozen=True)
class RelationshipLine:
    """A line such as "Hodan Hassan is a parent of Amina Hassan" on the record page."""

    person: str
    kind: str
    other: str


@dataclass
class FamilyRecord:
    """All a record page or export shows, read in a fixed number of queries.

    `involvements` are read whatever the user sees, so that the rules the page asks (may they
    share it without consent, withdraw a consent) need not read them again; they are shown
    only with the people (shows_people).
    """

    family: Family
    kinds: list[str]
    under_override: bool
    events_count: int = 0
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
    def relationships(self) -> list[RelationshipLine]:
        """Between the household's people, from the members as read: no further queries."""
        return [
            RelationshipLine(
                person=str(m.person),
                kind=str(Relationship.Kind(row["kind"]).label),
                other=str(Person(given_name=row["given_name"], family_name=row["family_name"])),
            )
            for m in self.members
            for row in getattr(m, "relationship_rows", None) or []
        ]


@dataclass(frozen=True)
class _Sight:
    """A family and what one user sees of it, as families_with_sight annotates it."""

    family: Family
    kinds: list[str]
    under_override: bool
    events_count: int
    has_overrides: bool


def _family_with_sight_get(
    user: User | AnonymousUser, pk: UUID | str, *, now: dt.datetime
) -> _Sight:
    """The family with what the user sees of it (rules.families_with_sight), how many events
    its chronology holds (for paging) and whether anyone ever shared it without consent: one
    query. Http404 when the user sees none of it."""
    events = (
        ChronologyEvent.objects.filter(family=OuterRef("pk"))
        .order_by()
        .values("family")
        .annotate(count=Count("pk"))
        .values("count")
    )
    family = (
        families_with_sight(user, now=now)
        .select_related("locality", "hub", "local_authority")
        .annotate(
            events_count=Subquery(events),
            has_overrides=Exists(SafeguardingOverride.objects.filter(family=OuterRef("pk"))),
        )
        .filter(pk=pk)
        .first()
    )
    if family is None:
        raise Http404
    annotated = vars(family)  # the annotations, which the model class does not declare
    return _Sight(
        family=family,
        kinds=[kind for kind in RECORD_KINDS if annotated[f"sees_{kind}"]],
        under_override=annotated["under_override"],
        events_count=annotated["events_count"] or 0,  # NULL: no events to count
        has_overrides=annotated["has_overrides"],
    )


def family_record_for_user(
    user: User | AnonymousUser, pk: UUID | str, *, now: dt.datetime
) -> FamilyRecord:
    sight = _family_with_sight_get(user, pk, now=now)
    record = FamilyRecord(
        family=sight.family,
        kinds=sight.kinds,
        under_override=sight.under_override,
        events_count=sight.events_count,
        involvements=involvements_of(sight.family),
    )
    if record.shows_people:
        record.members = household_for_record(sight.family)
        record.consents = consents_for_record(sight.family)
        # Most families were never shared without consent: no query for an empty list.
        record.overrides = overrides_of(sight.family) if sight.has_overrides else []
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


def _sorted_by_name(annotated: object, rows: str) -> list[dict]:
    """An annotation of _listed rows (None when there were none), sorted by their name."""
    return sorted(getattr(annotated, rows, None) or [], key=lambda row: row["name"])


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
                "languages": [row["code"] for row in _sorted_by_name(m, "language_rows")],
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
                "organisations": [row["name"] for row in _sorted_by_name(c, "organisation_rows")],
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
    if not any(getattr(m, "has_merged_records", True) for m in members):
        return []  # household_for_record knew: nobody's record had another merged into it
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


def household_membership_get(family: Family, person_pk: UUID | str) -> Membership:
    """A live (not merged away) person's place in this household, person read with it;
    Http404 otherwise."""
    membership = (
        _live_memberships(family).filter(person_id=person_pk).select_related("person").first()
    )
    if membership is None:
        raise Http404
    return membership
