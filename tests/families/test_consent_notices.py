"""A change to a family's consent is news to the staff working with them: a new consent tells the
family's current lead professionals, a withdrawal tells them and the council's locality managers
(tests/families/test_consent_withdrawal.py has who). Never the one who recorded it; the family
named by its reference only; the record's page decides what each may still see. The unread count
that comes with it costs the record page no query (its budget, test_record_queries.py)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.families import services
from familyhub.families.models import Consent, Involvement, LawfulBasis
from familyhub.notifications.models import Notice
from tests.accounts.helpers import sign_in_verified
from tests.factories import LeadProfessionalFactory, OrganisationFactory, StaffFactory
from tests.families.test_record_queries import QUERY_BUDGET, TRANSACTION_CONTROL
from tests.families_factories import InvolvementFactory, family_with_consent_for
from tests.notifications_factories import NoticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Early Help Team")


@pytest.fixture
def lead(organisation):
    return LeadProfessionalFactory(organisation=organisation)


@pytest.fixture
def family(organisation, lead):
    """Led by `lead`, with an earlier lead whose involvement has ended and a team member."""
    family = family_with_consent_for(
        organisation, worker=lead, name="Hassan", reference="FAM-HASSAN"
    )
    Involvement.objects.filter(family=family, worker=lead).update(
        role=Involvement.Role.LEAD_PROFESSIONAL
    )
    InvolvementFactory(
        family=family,
        organisation=organisation,
        worker=LeadProfessionalFactory(organisation=organisation),
        role=Involvement.Role.LEAD_PROFESSIONAL,
        ended=timezone.localdate() - dt.timedelta(days=30),
    )
    InvolvementFactory(
        family=family,
        organisation=organisation,
        worker=StaffFactory(organisation=organisation),
        role=Involvement.Role.TEAM_MEMBER,
    )
    return family


def record(family, organisation, by):
    return services.consent_record(
        family=family,
        scope=Consent.Scope.WHOLE_RECORD,
        organisations=[organisation],
        purpose="To plan early help together",
        lawful_basis=LawfulBasis.CONSENT,
        given_how=Consent.Given.WRITTEN,
        by=by,
    )


def test_a_new_consent_tells_the_current_lead_only(family, organisation, lead):
    triage = StaffFactory(organisation=organisation, role=Role.TRIAGE)
    consent = record(family, organisation, triage)

    [notice] = Notice.objects.all()
    assert notice.recipient == lead and notice.kind == Notice.Kind.CONSENT_CHANGED
    assert notice.link == f"/staff/families/{family.pk}/"
    assert "FAM-HASSAN" in notice.text and "Hassan " not in notice.text
    assert notice.idempotency_key == f"consent_changed:{consent.pk}:given:{lead.pk}"


def test_the_lead_recording_a_consent_is_not_told(family, organisation, lead):
    record(family, organisation, lead)
    assert not Notice.objects.exists()


def test_a_familys_first_consent_is_no_change_to_tell(organisation, lead):
    """Triage records it as it opens the record and allocates the lead, who hears of the case."""
    family = family_with_consent_for(organisation, worker=lead)
    family.consents.all().delete()
    Involvement.objects.filter(family=family).update(role=Involvement.Role.LEAD_PROFESSIONAL)
    record(family, organisation, StaffFactory(organisation=organisation, role=Role.TRIAGE))
    assert not Notice.objects.exists()


def test_a_withdrawal_tells_the_lead_and_the_councils_locality_managers(
    family, organisation, lead, django_capture_on_commit_callbacks
):
    manager = StaffFactory(
        organisation=OrganisationFactory(local_authority=family.local_authority),
        role=Role.LOCALITY_MANAGER,
    )
    triage = StaffFactory(organisation=organisation, role=Role.TRIAGE)
    InvolvementFactory(
        family=family, organisation=organisation, worker=triage, role=Involvement.Role.ACCESS_TEAM
    )
    consent = family.consents.get()
    services.consent_withdraw(consent=consent, how="verbal", reason="Moving away", by=triage)

    notices = Notice.objects.filter(kind=Notice.Kind.CONSENT_CHANGED)
    assert {n.recipient for n in notices} == {lead, manager}
    assert all("FAM-HASSAN" in n.text and "Moving away" not in n.text for n in notices)
    assert all(n.link == f"/staff/families/{family.pk}/" for n in notices)


def test_the_unread_count_costs_the_record_page_no_query(client, family, lead):
    sign_in_verified(client, lead)
    url = f"/staff/families/{family.pk}/"
    client.get(url)  # the first audited read starts the trail

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return [
            q["sql"]
            for q in captured.captured_queries
            if not q["sql"].startswith(TRANSACTION_CONTROL)
        ]

    without = queries()
    NoticeFactory.create_batch(3, recipient=lead)
    with_notices = queries()

    assert len(with_notices) == len(without) <= QUERY_BUDGET
    # Counted only inside the query that loads the signed-in user.
    [counted] = [q for q in with_notices if '"notifications_notice"' in q]
    assert 'FROM "accounts_user"' in counted
    assert '3<span class="govuk-visually-hidden"> unread</span>' in client.get(url).text
