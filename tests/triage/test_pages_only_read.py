"""The triage queue and a request's page are read without writing anything but the audit of the
read: a council with no triage standard of its own is timed by the defaults, none is saved."""

from django.urls import reverse

from familyhub.accounts.models import Role
from familyhub.audit.models import AuditEvent
from familyhub.frontdoor.models import TriageStandard
from tests.factories import MembershipFactory, OrganisationFactory
from tests.frontdoor_factories import NeedLevelFactory, SubmittedRequestFactory
from tests.rows import row_counts


def test_reading_the_queue_and_a_request_writes_nothing(client, staff_sign_in, postcodes):
    waiting = SubmittedRequestFactory(hours_ago=30)  # past the default 24 hours to first contact
    council = waiting.local_authority
    NeedLevelFactory(local_authority=council)
    officer = MembershipFactory(
        organisation=OrganisationFactory(local_authority=council), role=Role.TRIAGE
    ).user
    staff_sign_in(officer)
    assert not TriageStandard.objects.exists()
    before, audited = row_counts(), AuditEvent.objects.count()

    queue = client.get(reverse("triage:queue"))
    page = client.get(reverse("triage:detail", args=[waiting.pk]))

    assert queue.status_code == 200 and waiting.reference in queue.content.decode()
    assert page.status_code == 200
    assert row_counts() == before
    assert AuditEvent.objects.count() == audited + 1  # the read of the request, and only that
    assert not TriageStandard.objects.exists()


def test_the_queue_is_timed_by_the_default_standard_until_the_council_sets_one(
    client, staff_sign_in, postcodes
):
    waiting = SubmittedRequestFactory(hours_ago=30)
    council = waiting.local_authority
    officer = MembershipFactory(
        organisation=OrganisationFactory(local_authority=council), role=Role.TRIAGE
    ).user
    staff_sign_in(officer)
    defaults = TriageStandard(local_authority=council)
    assert defaults.first_contact_hours < 30 < defaults.decision_hours

    overdue = client.get(reverse("triage:queue")).context["rows"][0][1]
    assert overdue.first_contact_overdue and not overdue.decision_overdue

    TriageStandard.objects.create(local_authority=council, first_contact_hours=48)
    on_time = client.get(reverse("triage:queue")).context["rows"][0][1]
    assert not on_time.first_contact_overdue
