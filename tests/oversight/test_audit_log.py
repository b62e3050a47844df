"""The audit trail: append-only, and readable by the managers answerable for it, and no one else."""

import datetime as dt

import pytest
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.audit.models import AppendOnlyError, AuditEvent
from familyhub.audit.services import audit_record
from tests.accounts.helpers import sign_in_verified as sign_in
from tests.factories import AuditEventFactory, MembershipFactory, UserFactory
from tests.families_factories import FamilyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    family = FamilyFactory()
    return audit_record(actor=UserFactory(), action=AuditEvent.Action.VIEW, record=family)


def test_an_event_cannot_be_saved_again(event):
    event.reason = "tidying up"
    with pytest.raises(AppendOnlyError):
        event.save()


def test_an_event_cannot_be_deleted(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_events_cannot_be_updated_or_deleted_in_bulk(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="tidying up")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.reason == ""


@pytest.fixture
def trail():
    """Two staff, two families, events over three days."""
    alice = UserFactory(email="alice@example.org")
    bob = UserFactory(email="bob@example.org")
    khan, begum = FamilyFactory(name="Khan"), FamilyFactory(name="Begum")
    now = timezone.now()
    for days_ago, actor, family, action in [
        (0, alice, khan, AuditEvent.Action.VIEW),
        (1, alice, begum, AuditEvent.Action.EXPORT),
        (2, bob, khan, AuditEvent.Action.VIEW),
        (5, bob, begum, AuditEvent.Action.OVERRIDE),
    ]:
        AuditEventFactory(
            at=now - dt.timedelta(days=days_ago),
            actor=actor,
            action=action,
            record=family,
            reason=f"{action} by {actor.email}",
        )
    return {"alice": alice, "bob": bob, "khan": khan, "begum": begum}


def manager(role=Role.LOCALITY_MANAGER):
    return MembershipFactory(role=role).user


def reasons(response) -> list[str]:
    return [e.reason for e in response.context["page_obj"].object_list]


@pytest.mark.parametrize("role", [Role.LOCALITY_MANAGER, Role.ADMINISTRATOR])
def test_managers_query_by_family(client, trail, role):
    sign_in(client, manager(role))
    response = client.get("/staff/audit/", {"family": trail["khan"].reference.lower()})
    assert response.status_code == 200
    assert reasons(response) == ["view by alice@example.org", "view by bob@example.org"]


def test_managers_query_by_actor_action_and_dates(client, trail):
    sign_in(client, manager())
    response = client.get("/staff/audit/", {"actor": "BOB@example.org"})
    assert reasons(response) == ["view by bob@example.org", "override by bob@example.org"]
    response = client.get("/staff/audit/", {"action": "export"})
    assert reasons(response) == ["export by alice@example.org"]
    today = timezone.localdate()
    response = client.get(
        "/staff/audit/",
        {
            "date_from": (today - dt.timedelta(days=2)).strftime("%d/%m/%Y"),
            "date_to": (today - dt.timedelta(days=1)).strftime("%d/%m/%Y"),
        },
    )
    assert reasons(response) == ["export by alice@example.org", "view by bob@example.org"]


def test_bad_dates_get_a_clear_error_and_keep_what_was_typed(client, trail):
    sign_in(client, manager())
    response = client.get("/staff/audit/", {"date_from": "5/5/2025", "date_to": "1/5/2025"})
    assert response.status_code == 200
    assert "must be the same as or after" in response.text
    assert 'value="5/5/2025"' in response.text
    assert "govuk-error-summary" in response.text


def test_the_log_is_paged(client):
    family = FamilyFactory()
    actor = UserFactory()
    for _ in range(55):
        audit_record(actor=actor, action=AuditEvent.Action.VIEW, record=family)
    sign_in(client, manager())
    response = client.get("/staff/audit/", {"family": family.reference})
    assert len(response.context["page_obj"].object_list) == 50
    assert "page=2" in response.text
    response = client.get("/staff/audit/", {"family": family.reference, "page": 2})
    assert len(response.context["page_obj"].object_list) == 5


@pytest.mark.parametrize(
    "role",
    [r for r in Role if r not in (Role.LOCALITY_MANAGER, Role.ADMINISTRATOR)],
)
def test_everyone_else_is_refused(client, trail, role):
    sign_in(client, MembershipFactory(role=role).user)
    assert client.get("/staff/audit/").status_code == 403


def test_staff_with_no_role_are_refused(client):
    sign_in(client, UserFactory())
    assert client.get("/staff/audit/").status_code == 403
