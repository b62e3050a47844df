import datetime as dt

import pytest

from familyhub.audit.models import AuditEvent
from familyhub.families.matching import find_candidates
from familyhub.families.merging import MergeError, person_merge, person_unmerge
from familyhub.families.models import (
    ChronologyEvent,
    Consent,
    Membership,
    Person,
    Relationship,
)
from familyhub.frontdoor.models import RequestPerson
from tests.factories import LocalAuthorityFactory, UserFactory
from tests.families_factories import (
    ChronologyEventFactory,
    ConsentFactory,
    FamilyFactory,
    MembershipFactory,
    PersonFactory,
    RelationshipFactory,
)
from tests.frontdoor_factories import RequestPersonFactory

pytestmark = pytest.mark.django_db

BORN = dt.date(2016, 9, 12)


def snapshot() -> dict:
    """Who every row that can point at a person points at, table by table."""
    return {
        "membership": dict(Membership.objects.values_list("pk", "person_id")),
        "relationship": {
            pk: (person, other)
            for pk, person, other in Relationship.objects.values_list("pk", "person_id", "other_id")
        },
        "chronology": dict(ChronologyEvent.objects.values_list("pk", "person_id")),
        "consent": dict(Consent.objects.values_list("pk", "given_by_id")),
        "request_person": dict(RequestPerson.objects.values_list("pk", "person_id")),
        "merged_into": dict(Person.objects.values_list("pk", "merged_into_id")),
    }


@pytest.fixture
def world():
    """Two records of one child, Layla, in two households, each with a history."""
    la = LocalAuthorityFactory()
    keep = PersonFactory(given_name="Layla", family_name="Hassan", date_of_birth=BORN)
    merge = PersonFactory(given_name="Laila", family_name="Hassan", date_of_birth=BORN)
    mum = PersonFactory(adult=True, given_name="Hodan", family_name="Hassan")
    dad = PersonFactory(adult=True, given_name="Abdi", family_name="Hassan")
    home = FamilyFactory(name="Hassan")
    nan = FamilyFactory(name="Hassan (grandmother)")
    other = FamilyFactory(name="Other")
    memberships = {
        "keep_home": MembershipFactory(family=home, person=keep),
        "merge_home": MembershipFactory(family=home, person=merge),  # both records in one home
        "merge_nan": MembershipFactory(family=nan, person=merge),
        "mum_home": MembershipFactory(family=home, person=mum, role=Membership.Role.PARENT),
    }
    relationships = {
        "mum_of_keep": RelationshipFactory(person=mum, other=keep),
        "mum_of_merge": RelationshipFactory(person=mum, other=merge),  # duplicate once merged
        "dad_of_merge": RelationshipFactory(person=dad, other=merge),
        "merge_sibling": RelationshipFactory(
            person=merge, kind=Relationship.Kind.SIBLING_OF, other=PersonFactory()
        ),
        "between": RelationshipFactory(person=merge, kind=Relationship.Kind.SIBLING_OF, other=keep),
    }
    events = [
        ChronologyEventFactory(family=home, person=merge),
        ChronologyEventFactory(family=nan, person=merge),
        ChronologyEventFactory(family=home, person=keep),
        ChronologyEventFactory(family=other),
    ]
    consent = ConsentFactory(family=nan, given_by=merge)
    request_person = RequestPersonFactory(
        request__local_authority=la, role=Membership.Role.CHILD, given_name="Laila", person=merge
    )
    return {
        "keep": keep,
        "merge": merge,
        "memberships": memberships,
        "relationships": relationships,
        "events": events,
        "consent": consent,
        "request_person": request_person,
        "staff": UserFactory(),
    }


def test_merge_moves_everything_and_keeps_both_histories(world):
    keep, merge = world["keep"], world["merge"]
    event = person_merge(keep=keep, merge=merge, by=world["staff"], reason="Same child, same NHS")

    merge.refresh_from_db()
    assert merge.merged_into == keep
    m, r = world["memberships"], world["relationships"]
    assert Membership.objects.get(pk=m["merge_nan"].pk).person == keep
    # Already in that household as `keep`: the duplicate's membership stays, not deleted.
    assert Membership.objects.get(pk=m["merge_home"].pk).person == merge
    assert Relationship.objects.get(pk=r["dad_of_merge"].pk).other == keep
    assert Relationship.objects.get(pk=r["merge_sibling"].pk).person == keep
    assert Relationship.objects.get(pk=r["mum_of_merge"].pk).other == merge  # would duplicate
    assert Relationship.objects.get(pk=r["between"].pk).person == merge  # would be self
    assert ChronologyEvent.objects.filter(person=keep).count() == 3
    assert Consent.objects.get(pk=world["consent"].pk).given_by == keep
    assert RequestPerson.objects.get(pk=world["request_person"].pk).person == keep
    assert Person.objects.count() == 5  # nothing deleted

    assert event.action == AuditEvent.Action.MERGE
    assert event.record_id == str(merge.pk)
    assert event.actor == world["staff"]
    assert event.reason == "Same child, same NHS"
    moved = event.details["moved"]
    assert moved["families.membership.person"] == [str(m["merge_nan"].pk)]
    assert moved["families.relationship.other"] == [str(r["dad_of_merge"].pk)]
    assert moved["families.relationship.person"] == [str(r["merge_sibling"].pk)]
    assert sorted(moved["families.chronologyevent.person"]) == sorted(
        str(e.pk) for e in world["events"][:2]
    )
    assert moved["families.consent.given_by"] == [str(world["consent"].pk)]
    assert moved["frontdoor.requestperson.person"] == [str(world["request_person"].pk)]
    assert event.details["left"]["families.membership.person"] == [str(m["merge_home"].pk)]


def test_unmerge_restores_every_row(world):
    before = snapshot()
    keep, merge, staff = world["keep"], world["merge"], world["staff"]
    event = person_merge(keep=keep, merge=merge, by=staff, reason="Looked the same")
    assert snapshot() != before
    # Something recorded against the kept person after the merge stays with them.
    later = ChronologyEventFactory(family=world["events"][0].family, person=keep)

    undo = person_unmerge(event=event, by=staff, reason="Different children: checked with school")

    after = snapshot()
    after["chronology"].pop(later.pk)
    assert after == before
    assert ChronologyEvent.objects.get(pk=later.pk).person == keep
    assert undo.action == AuditEvent.Action.UNMERGE
    assert undo.details["merge_event"] == event.pk
    assert undo.details["not_restored"] == {}
    assert undo.details["restored"] == event.details["moved"]
    assert list(
        AuditEvent.objects.filter(record_id=str(merge.pk)).values_list("action", flat=True)
    ) == [AuditEvent.Action.UNMERGE, AuditEvent.Action.MERGE]

    with pytest.raises(MergeError, match="already been undone"):
        person_unmerge(event=event, by=staff, reason="Again")


def test_a_merged_person_is_not_offered_as_a_candidate(world):
    keep, merge = world["keep"], world["merge"]
    described = {
        "local_authority_code": keep.local_authority_id,
        "given_name": "Laila",
        "family_name": "Hassan",
        "date_of_birth": BORN,
    }
    assert {c.person for c in find_candidates(**described)} == {keep, merge}
    person_merge(keep=keep, merge=merge, by=world["staff"], reason="Same child")
    assert [c.person for c in find_candidates(**described)] == [keep]


def test_merge_refuses_what_it_must_not_do(world):
    keep, merge, staff = world["keep"], world["merge"], world["staff"]
    with pytest.raises(MergeError, match="why"):
        person_merge(keep=keep, merge=merge, by=staff, reason=" ")
    with pytest.raises(MergeError, match="itself"):
        person_merge(keep=keep, merge=keep, by=staff, reason="x")
    hackney = LocalAuthorityFactory(code="E09000012", name="Hackney", slug="hackney")
    with pytest.raises(MergeError, match="same council"):
        person_merge(keep=keep, merge=PersonFactory(local_authority=hackney), by=staff, reason="x")
    person_merge(keep=keep, merge=merge, by=staff, reason="Same child")
    with pytest.raises(MergeError, match="already been merged"):
        person_merge(keep=keep, merge=merge, by=staff, reason="Again")
    with pytest.raises(MergeError, match="already been merged"):
        person_merge(keep=merge, merge=PersonFactory(), by=staff, reason="Onto a merged record")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.MERGE).count() == 1


def test_unmerge_waits_for_a_later_merge_of_the_kept_record(world):
    keep, merge, staff = world["keep"], world["merge"], world["staff"]
    first = person_merge(keep=keep, merge=merge, by=staff, reason="Same child")
    third = PersonFactory(given_name="Layla", family_name="Hassan", date_of_birth=BORN)
    second = person_merge(keep=third, merge=keep, by=staff, reason="Same child again")
    with pytest.raises(MergeError, match="undo that merge first"):
        person_unmerge(event=first, by=staff, reason="Wrong")
    person_unmerge(event=second, by=staff, reason="Wrong")
    person_unmerge(event=first, by=staff, reason="Wrong")
    assert not Person.objects.exclude(merged_into=None).exists()


def test_unmerge_only_takes_merge_events(world):
    event = AuditEvent.objects.create(
        action=AuditEvent.Action.VIEW, record_type="families.person", record_id="x"
    )
    with pytest.raises(MergeError, match="not a merge"):
        person_unmerge(event=event, by=world["staff"], reason="x")
