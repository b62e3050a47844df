"""The audit log is scoped to its reader: their own council's events, and why something was
done only where the reader may see that family (issue 8, item 5).

The roles and what each may do are written out here, not read from the code under test.
"""

import re

import pytest

from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from tests.accounts.helpers import sign_in_verified as sign_in
from tests.factories import LocalAuthorityFactory, OrganisationFactory, StaffFactory
from tests.families_factories import (
    ChronologyEventFactory,
    FamilyFactory,
    SafeguardingOverrideFactory,
    family_with_consent_for,
)
from tests.frontdoor_factories import SubmittedRequestFactory

pytestmark = pytest.mark.django_db

# role: the status of GET /staff/audit/ (None: signed out, sent to sign in).
ACCESS = {
    None: 302,
    "directory_editor": 403,
    "directory_manager": 403,
    "triage": 403,
    "lead_professional": 403,
    "practitioner": 403,
    "locality_manager": 200,
    "data_analyst": 403,
    "administrator": 200,
}


@pytest.mark.parametrize(("role", "status"), ACCESS.items())
def test_who_may_open_the_audit_log(client, council_organisation, role, status):
    if role:
        sign_in(client, StaffFactory(organisation=council_organisation, role=role))
    response = client.get("/staff/audit/")
    assert response.status_code == status
    if status == 302:
        assert "sign-in" in response["Location"]
    if status == 200:
        assert "no-store" in response["Cache-Control"]


@pytest.fixture
def other_council():
    return LocalAuthorityFactory(code="E09000012", name="Hackney", slug="hackney")


@pytest.fixture
def two_councils(council, other_council, lead_professional):
    """An event about a family of each council, each with a reason."""
    ours = FamilyFactory(local_authority=council)
    theirs = FamilyFactory(local_authority=other_council)
    for family, reason in [(ours, "our reason"), (theirs, "their reason")]:
        audit_record(
            actor=lead_professional, action=AuditEvent.Action.VIEW, record=family, reason=reason
        )
    return ours, theirs


def events_shown(response) -> list[str]:
    return [row["event"].record_id for row in response.context["rows"]]


def test_events_carry_their_records_council(two_councils, council, other_council):
    ours, theirs = two_councils
    codes = dict(AuditEvent.objects.values_list("record_id", "local_authority_code"))
    assert codes == {str(ours.pk): council.code, str(theirs.pk): other_council.code}


@pytest.mark.parametrize("role", ["locality_manager", "administrator"])
def test_a_reader_sees_their_own_councils_events_only(
    client, two_councils, council_organisation, other_council, role
):
    ours, theirs = two_councils
    sign_in(client, StaffFactory(organisation=council_organisation, role=role))
    assert events_shown(client.get("/staff/audit/")) == [str(ours.pk)]
    # Asking for the other council's family by its reference finds nothing either.
    response = client.get("/staff/audit/", {"family": theirs.reference})
    assert events_shown(response) == []

    client.logout()
    hackney = OrganisationFactory(local_authority=other_council)
    sign_in(client, StaffFactory(organisation=hackney, role=role))
    assert events_shown(client.get("/staff/audit/")) == [str(theirs.pk)]


def why_column(response) -> list[str]:
    """The text of the 'Why' cell of each row, as the page shows it."""
    html = response.text
    cells = []
    for row in html.split('<tr class="govuk-table__row">')[2:]:
        last_cell = row.split('<td class="govuk-table__cell">')[-1]
        cells.append(re.sub(r"<[^>]+>", "", last_cell.split("</td>")[0]).strip())
    return cells


@pytest.fixture
def override_event(council_organisation, locality_manager):
    """A safeguarding override of a family the council's Early Help service works with."""
    family = family_with_consent_for(council_organisation)
    override = SafeguardingOverrideFactory(family=family, organisation=council_organisation)
    audit_record(
        actor=locality_manager,
        action=AuditEvent.Action.OVERRIDE,
        record=override,
        reason="Disclosure at school: risk of significant harm",
    )
    return family


def test_a_manager_who_may_see_the_family_reads_why(client, locality_manager, override_event):
    sign_in(client, locality_manager)
    response = client.get("/staff/audit/")
    assert why_column(response) == ["Disclosure at school: risk of significant harm"]


def test_a_manager_who_may_not_see_the_family_reads_withheld(
    client, council_organisation, lead_organisation, lead_professional
):
    # The family's consent covers health visiting only: the council's manager is not involved.
    family = family_with_consent_for(lead_organisation, worker=lead_professional)
    audit_record(
        actor=lead_professional,
        action=AuditEvent.Action.CHANGE,
        record=family,
        reason="Mother disclosed domestic abuse",
    )
    manager = StaffFactory(organisation=council_organisation, role="locality_manager")
    sign_in(client, manager)
    response = client.get("/staff/audit/")
    assert "Mother disclosed" not in response.text
    assert "domestic abuse" not in response.text
    assert why_column(response) == ["Withheld"]
    assert lead_professional.email in response.text  # who, what and when are still shown


def test_the_administrator_never_reads_why_of_a_family_event(client, administrator, override_event):
    sign_in(client, administrator)
    response = client.get("/staff/audit/")
    assert "Disclosure at school" not in response.text
    assert why_column(response) == ["Withheld"]
    assert "Shared without consent" in response.text  # what was done is shown


def test_the_administrator_never_reads_why_of_a_front_door_request(
    client, administrator, triage_officer
):
    support_request = SubmittedRequestFactory()
    audit_record(
        actor=triage_officer,
        action=AuditEvent.Action.CHANGE,
        record=support_request,
        reason="Declined: father is known to police",
    )
    sign_in(client, administrator)
    response = client.get("/staff/audit/")
    assert "known to police" not in response.text
    assert why_column(response) == ["Withheld"]


def test_reasons_about_staff_accounts_are_shown_to_the_councils_readers(
    client, administrator, directory_editor
):
    audit_record(
        actor=administrator,
        action=AuditEvent.Action.CHANGE,
        record=directory_editor,
        reason="Left the school",
    )
    sign_in(client, administrator)
    response = client.get("/staff/audit/", {"action": "change"})
    assert why_column(response) == ["Left the school"]


def test_events_find_their_council_through_the_record_or_the_account(other_council):
    hackney_staff = StaffFactory(organisation=OrganisationFactory(local_authority=other_council))
    chronology = ChronologyEventFactory(family=FamilyFactory(local_authority=other_council))
    # A record pointing to a family: the family's council (not the recorder's organisation's).
    event = audit_record(actor=None, action=AuditEvent.Action.CREATE, record=chronology)
    assert event.local_authority_code == other_council.code
    # A failed sign-in to an account, nobody signed in: the council the account works for.
    event = audit_record(actor=None, action=AuditEvent.Action.SIGN_IN_FAILED, record=hackney_staff)
    assert event.local_authority_code == other_council.code
