"""THE access matrix of the audit log (familyhub/oversight, /staff/audit/): who may read it, whose
council's events they read, and whose reasons they read, as each of the nine roles of the
council's Early Help service, a locality manager and an administrator of another council, and
signed out; written out below, one test per actor.

The trail holds four events, each with a reason:

    our_family      a change to a family of our council that the Early Help service works with
                    under the family's consent
    unseen_family   a change to a family of our council that only health visiting works with
    staff_account   a change to a member of staff's account in our council
    their_family    a change to a family of the other council that its own Early Help works with

A reader reads their own council's events; why a family's record was touched only if they may
see that family themselves (so never an administrator); why a staff account was, always.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from tests.access.conftest import ROLES, ask, assert_status, staff_of
from tests.families_factories import family_with_consent_for

ACTORS = [*ROLES, "locality_manager_other_council", "administrator_other_council", "anonymous"]
EVENTS = ["our_family", "unseen_family", "staff_account", "their_family"]

# actor: (status, the events listed, the events whose reason is shown)
EXPECTED = {
    "directory_editor": (403, set(), set()),
    "directory_manager": (403, set(), set()),
    "triage": (403, set(), set()),
    "lead_professional": (403, set(), set()),
    "practitioner": (403, set(), set()),
    "locality_manager": (
        200,
        {"our_family", "unseen_family", "staff_account"},
        {"our_family", "staff_account"},
    ),
    "data_analyst": (403, set(), set()),
    "data_protection_officer": (403, set(), set()),
    "administrator": (
        200,
        {"our_family", "unseen_family", "staff_account"},
        {"staff_account"},
    ),
    "social_worker": (403, set(), set()),
    "locality_manager_other_council": (200, {"their_family"}, {"their_family"}),
    "administrator_other_council": (200, {"their_family"}, set()),
    "anonymous": (302, set(), set()),
}


def reason_of(event: str) -> str:
    return f"Reason for {event.replace('_', ' ')}"


@pytest.fixture
def trail(
    council,
    council_organisation,
    lead_organisation,
    lead_professional,
    directory_editor,
    administrator,
    other_council_organisation,
) -> dict[str, str]:
    """{event: the record id it is about}."""
    records = {
        "our_family": family_with_consent_for(council_organisation, local_authority=council),
        "unseen_family": family_with_consent_for(lead_organisation, local_authority=council),
        "staff_account": directory_editor,
        "their_family": family_with_consent_for(
            other_council_organisation, local_authority=other_council_organisation.local_authority
        ),
    }
    for event, record in records.items():
        audit_record(
            actor=administrator if event == "staff_account" else lead_professional,
            action=AuditEvent.Action.CHANGE,
            record=record,
            reason=reason_of(event),
        )
    return {event: str(record.pk) for event, record in records.items()}


def actor_user(request, actor: str):
    if actor in ROLES:
        return staff_of(request.getfixturevalue("council_organisation"), actor)
    if actor == "anonymous":
        return None
    role = actor.removesuffix("_other_council")
    return staff_of(request.getfixturevalue("other_council_organisation"), role)


@pytest.mark.parametrize("actor", ACTORS)
def test_audit_log(request, trail, actor):
    status, listed, reasons_shown = EXPECTED[actor]
    user = actor_user(request, actor)

    response = ask(Client(), user, "GET", reverse("oversight:audit-log"), {"action": "change"})

    assert_status(response, status, signed_out=user is None)
    page = response.content.decode()
    shown_ids = (
        {row["event"].record_id for row in response.context["rows"]} if status == 200 else set()
    )
    assert {event for event, pk in trail.items() if pk in shown_ids} == listed
    assert {event for event in EVENTS if reason_of(event) in page} == reasons_shown
    if status == 200:
        # A reason withheld is said to be, not left blank.
        withheld = len(re.findall(r">\s*Withheld\s*<", page))
        assert withheld == len(listed - reasons_shown)


def test_the_table_names_every_actor():
    assert list(EXPECTED) == ACTORS
