"""THE access matrix of the shared family record: every staff role × every part of the record ×
involved or not × every state of consent, each cell its own test.

A member of staff sees a part of a family's record only while their organisation is involved
AND consent in force covers that organisation for that part, or a safeguarding override does;
only casework roles ever see a family. Denied means not even acknowledged: 404, not listed, not
found by a search. Per SCOPES_COVERING a chronology-only consent shows the events and none of the
people (the page then names the family only by its reference), and a contact-details consent the
people and none of the events. The read API (/api/families/) answers each cell as the pages do.
"""

import datetime as dt
import json

import pytest
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.audit.models import AuditEvent
from familyhub.families.models import Consent
from familyhub.families.rules import CASEWORK_ROLES, RecordKind
from tests.accounts.helpers import sign_in_verified as sign_in
from tests.factories import MembershipFactory, OrganisationFactory
from tests.families_factories import (
    ChronologyEventFactory,
    ConsentFactory,
    FamilyFactory,
    InvolvementFactory,
    SafeguardingOverrideFactory,
)
from tests.families_factories import (
    MembershipFactory as HouseholdMembershipFactory,
)

FAMILY_NAME = "Zephyrine"
CHILD_NAME = "Quillon"
EVENT_SUMMARY = "Seen by the school nurse about sleep"

INVOLVEMENT = ["involved", "not_involved", "involvement_ended"]
# What sharing is in place for the user's organisation, and which kinds of record it covers.
SHARING = {
    "no_consent": set(),
    "whole_record": {RecordKind.PEOPLE, RecordKind.CHRONOLOGY},
    "contact_details_only": {RecordKind.PEOPLE},
    "chronology_only": {RecordKind.CHRONOLOGY},
    "consent_withdrawn": set(),
    "consent_for_another_organisation": set(),
    "override": {RecordKind.PEOPLE, RecordKind.CHRONOLOGY},
    "override_expired": set(),
}
PARTS = [
    "page_people",
    "page_chronology",
    "export_people",
    "export_chronology",
    "list",
    "search",
    "api_people",
    "api_chronology",
    "api_list",
]
NEEDS = {
    "page_people": RecordKind.PEOPLE,
    "page_chronology": RecordKind.CHRONOLOGY,
    "export_people": RecordKind.PEOPLE,
    "export_chronology": RecordKind.CHRONOLOGY,
    "list": RecordKind.PEOPLE,
    "search": RecordKind.PEOPLE,
    "api_people": RecordKind.PEOPLE,
    "api_chronology": RecordKind.CHRONOLOGY,
    "api_list": RecordKind.PEOPLE,
}
API_PATHS = {"api_people": "/api/families/{pk}", "api_chronology": "/api/families/{pk}/chronology"}
SCOPES = {
    "whole_record": Consent.Scope.WHOLE_RECORD,
    "contact_details_only": Consent.Scope.CONTACT_DETAILS,
    "chronology_only": Consent.Scope.CHRONOLOGY,
    "consent_withdrawn": Consent.Scope.WHOLE_RECORD,
}


def visible_kinds(role: str, involvement: str, sharing: str) -> set[str]:
    if role not in CASEWORK_ROLES or involvement != "involved":
        return set()
    return SHARING[sharing]


def build_cell(role: str, involvement: str, sharing: str):
    """A family with a child and an event; a user in `role` at an organisation placed as told."""
    now = timezone.now()
    organisation = OrganisationFactory()
    user = MembershipFactory(organisation=organisation, role=role).user
    family = FamilyFactory(name=FAMILY_NAME)
    HouseholdMembershipFactory(family=family, person__given_name=CHILD_NAME)
    ChronologyEventFactory(family=family, summary=EVENT_SUMMARY)
    if involvement != "not_involved":
        InvolvementFactory(
            family=family,
            organisation=organisation,
            worker=user,
            started=now.date() - dt.timedelta(days=60),
            ended=now.date() - dt.timedelta(days=1) if involvement == "involvement_ended" else None,
        )
    if sharing in SCOPES:
        ConsentFactory(
            family=family,
            scope=SCOPES[sharing],
            organisations=[organisation],
            given_at=now - dt.timedelta(days=30),
            withdrawn_at=now - dt.timedelta(days=1) if sharing == "consent_withdrawn" else None,
        )
    elif sharing == "consent_for_another_organisation":
        ConsentFactory(family=family, organisations=[OrganisationFactory()])
    elif sharing == "override":
        SafeguardingOverrideFactory(family=family, organisation=organisation)
    elif sharing == "override_expired":
        SafeguardingOverrideFactory(
            family=family,
            organisation=organisation,
            starts=now - dt.timedelta(days=10),
            ends=now - dt.timedelta(days=1),
        )
    return user, family


@pytest.mark.django_db
@pytest.mark.parametrize("sharing", list(SHARING))
@pytest.mark.parametrize("involvement", INVOLVEMENT)
@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("role", [role.value for role in Role])
def test_access(client, role, part, involvement, sharing):
    user, family = build_cell(role, involvement, sharing)
    sign_in(client, user)
    kinds = visible_kinds(role, involvement, sharing)
    allowed = NEEDS[part] in kinds

    if part.startswith("page"):
        response = client.get(f"/staff/families/{family.pk}/")
        assert response.status_code == (200 if kinds else 404)
        content = response.content.decode()
        shown = CHILD_NAME if part == "page_people" else EVENT_SUMMARY
        assert (shown in content) is allowed
        if part == "page_people":
            assert (FAMILY_NAME in content) is allowed
    elif part.startswith("export"):
        response = client.get(f"/staff/families/{family.pk}/export.json")
        assert response.status_code == (200 if kinds else 404)
        if kinds:
            data = json.loads(response.content)
            key = "members" if part == "export_people" else "chronology"
            assert (key in data) is allowed
            assert (CHILD_NAME in response.content.decode()) is (RecordKind.PEOPLE in kinds)
    elif part in API_PATHS:
        # Each part on its own: a chronology-only consent is a 404 for the people, not a 403.
        response = client.get(API_PATHS[part].format(pk=family.pk))
        assert response.status_code == (200 if allowed else 404)
        shown = CHILD_NAME if part == "api_people" else EVENT_SUMMARY
        assert (shown in response.content.decode()) is allowed
        if part == "api_chronology" and allowed:
            assert [e["summary"] for e in response.json()["results"]] == [EVENT_SUMMARY]
        views = AuditEvent.objects.filter(
            action=AuditEvent.Action.VIEW, actor=user, family_id=family.pk
        )
        assert views.count() == (1 if allowed else 0)
    elif part == "api_list":
        for params in ({}, {"q": FAMILY_NAME}, {"q": family.reference}):
            response = client.get("/api/families/", params)
            assert response.status_code == 200
            ids = [row["id"] for row in response.json()["results"]]
            assert (str(family.pk) in ids) is allowed
    elif part == "list":
        response = client.get("/staff/families/")
        assert response.status_code == 200
        assert (FAMILY_NAME in response.content.decode()) is allowed
    else:
        for query in (FAMILY_NAME, family.reference):
            response = client.get("/staff/families/", {"q": query})
            assert response.status_code == 200
            # The link to the record, not the reference: "no match" pages repeat the query.
            assert (f"/staff/families/{family.pk}/" in response.content.decode()) is allowed
        hits = AuditEvent.objects.filter(
            action=AuditEvent.Action.SEARCH_HIT, actor=user, family_id=family.pk
        )
        assert hits.count() == (2 if allowed else 0)


@pytest.mark.django_db
def test_a_casework_role_elsewhere_does_not_lend_sight_to_a_directory_role(client):
    """Only the organisation a casework role is held in counts, not every organisation held."""
    user, family = build_cell(Role.DIRECTORY_EDITOR, "involved", "whole_record")
    MembershipFactory(user=user, role=Role.LEAD_PROFESSIONAL)  # at an uninvolved organisation
    sign_in(client, user)
    assert client.get(f"/staff/families/{family.pk}/").status_code == 404


@pytest.mark.django_db
def test_an_involvement_not_yet_started_denies(client):
    user, family = build_cell(Role.LEAD_PROFESSIONAL, "not_involved", "whole_record")
    organisation = user.memberships.get().organisation
    InvolvementFactory(
        family=family,
        organisation=organisation,
        started=timezone.localdate() + dt.timedelta(days=3),
    )
    sign_in(client, user)
    assert client.get(f"/staff/families/{family.pk}/").status_code == 404


@pytest.mark.django_db
def test_signed_out_visitors_are_sent_to_sign_in_not_shown_a_family(client):
    family = FamilyFactory()
    response = client.get(f"/staff/families/{family.pk}/")
    assert response.status_code == 302
    assert "sign-in" in response["Location"] or "login" in response["Location"]


# Sight flows through one organisation: a worker who belongs to two organisations, one working
# with the family (A) and one the family's consent names (B), may not add the two up. Each row
# is (where the family's sharing points, whether a worker in that role then sees the family).
SAME_ORGANISATION = {
    # role: sees the family when involvement and consent are both through A?
    "directory_editor": False,
    "directory_manager": False,
    "triage": True,
    "lead_professional": True,
    "practitioner": True,
    "locality_manager": True,
    "data_analyst": False,
    "data_protection_officer": False,
    "administrator": False,
    "social_worker": False,  # reads what is handed over to social care, not the record
}
SPLIT_SHARING = ["consent_for_a", "consent_for_b", "override_for_b", "consent_for_a_and_b"]


def build_two_organisation_cell(role: str, sharing: str):
    """A worker in `role` at both A and B; the family works with A only; sharing as told."""
    now = timezone.now()
    organisation_a, organisation_b = OrganisationFactory(), OrganisationFactory()
    user = MembershipFactory(organisation=organisation_a, role=role).user
    MembershipFactory(user=user, organisation=organisation_b, role=role)
    family = FamilyFactory(name=FAMILY_NAME)
    HouseholdMembershipFactory(family=family, person__given_name=CHILD_NAME)
    InvolvementFactory(
        family=family,
        organisation=organisation_a,
        worker=user,
        started=now.date() - dt.timedelta(days=60),
    )
    shared_with = {
        "consent_for_a": [organisation_a],
        "consent_for_b": [organisation_b],
        "consent_for_a_and_b": [organisation_a, organisation_b],
    }
    if sharing == "override_for_b":
        SafeguardingOverrideFactory(family=family, organisation=organisation_b)
    else:
        ConsentFactory(
            family=family,
            organisations=shared_with[sharing],
            given_at=now - dt.timedelta(days=30),
        )
    return user, family


@pytest.mark.django_db
@pytest.mark.parametrize("sharing", SPLIT_SHARING)
@pytest.mark.parametrize("role", list(SAME_ORGANISATION))
def test_involvement_and_consent_must_be_through_the_same_organisation(client, role, sharing):
    user, family = build_two_organisation_cell(role, sharing)
    sign_in(client, user)
    # Only sharing that names A, the organisation actually working with the family, counts.
    allowed = SAME_ORGANISATION[role] and sharing in ("consent_for_a", "consent_for_a_and_b")

    page = client.get(f"/staff/families/{family.pk}/")
    assert page.status_code == (200 if allowed else 404)
    assert (CHILD_NAME in page.content.decode()) is allowed
    api = client.get(f"/api/families/{family.pk}")
    assert api.status_code == (200 if allowed else 404)
    listed = client.get("/staff/families/", {"q": FAMILY_NAME}).content.decode()
    assert (f"/staff/families/{family.pk}/" in listed) is allowed


def test_the_same_organisation_table_names_every_role():
    """The table above is written out by hand; it must still cover every role there is."""
    assert set(SAME_ORGANISATION) == {role.value for role in Role}


@pytest.mark.django_db
def test_an_override_for_an_organisation_not_working_with_the_family_is_not_flagged(client):
    """Sight through A's consent is not 'under a safeguarding override' because of one for B."""
    user, family = build_two_organisation_cell(Role.LEAD_PROFESSIONAL, "consent_for_a")
    organisation_b = (
        user.memberships.exclude(organisation__involvement__family=family).get().organisation
    )
    SafeguardingOverrideFactory(family=family, organisation=organisation_b)
    sign_in(client, user)
    page = client.get(f"/staff/families/{family.pk}/").content.decode()
    assert CHILD_NAME in page
    assert "sees this record under a safeguarding override" not in page
