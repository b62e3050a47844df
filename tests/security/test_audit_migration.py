"""A database that already has an audit trail gets the chain and the councils by migrating."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from familyhub.audit.chain import GENESIS, event_hash
from familyhub.audit.models import AuditEvent
from familyhub.audit.triggers import triggers_present
from tests.factories import LocalAuthorityFactory, OrganisationFactory, StaffFactory
from tests.families_factories import FamilyFactory

OLD_INSERT = (
    "INSERT INTO audit_auditevent (at, actor_id, actor_label, action, record_type, record_id,"
    " family_id, reason, details) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


@pytest.mark.django_db(transaction=True)
def test_events_written_before_the_chain_are_chained_in_id_order():
    hackney = LocalAuthorityFactory(code="E09000012", name="Hackney", slug="hackney")
    family = FamilyFactory()  # Tower Hamlets
    staff = StaffFactory(organisation=OrganisationFactory(local_authority=hackney))
    call_command("migrate", "audit", "0001", verbosity=0)
    try:
        family_id = family.pk.hex if connection.vendor == "sqlite" else family.pk
        rows = [
            (staff.pk, staff.email, "view", "families.family", str(family.pk), family_id, "x"),
            (staff.pk, staff.email, "sign_in", "accounts.user", str(staff.pk), None, ""),
            (None, "", "sign_in_failed", "accounts.user", str(staff.pk), None, ""),
        ]
        with connection.cursor() as cursor:
            for row in rows:
                cursor.execute(OLD_INSERT, [timezone.now(), *row, "{}"])
    finally:
        call_command("migrate", "audit", verbosity=0)

    events = list(AuditEvent.objects.order_by("id"))
    assert [event.local_authority_code for event in events] == [
        family.local_authority_id,  # the family's council
        hackney.code,  # the council of the staff member acting
        hackney.code,  # the council of the account, when nobody signed in
    ]
    assert events[0].prev_hash == GENESIS
    assert [event.prev_hash for event in events[1:]] == [event.hash for event in events[:-1]]
    assert all(event.hash == event_hash(event, event.prev_hash) for event in events)
    assert len(triggers_present(connection)) == 2
    call_command("verify_audit", stdout=io.StringIO())
