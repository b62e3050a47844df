"""/staff/: every member of staff lands on their own work after signing in.

Which cards each role's home shows is written out here (not read from home/cards.py): a card
appears only for work the role has, and shows what that app's own page would.
"""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from familyhub.accounts.models import Role
from familyhub.notifications.models import Message
from familyhub.notifications.rules import MAX_ATTEMPTS
from tests.accounts.helpers import sign_in_verified
from tests.casework_factories import OverdueActionFactory, PlanActionFactory, PlanNeedFactory
from tests.factories import LocalAuthorityFactory, ServiceFactory, StaffFactory
from tests.frontdoor_factories import (
    ReferralFactory,
    SubmittedRequestFactory,
    UrgentRequestFactory,
    request_allocate,
)

pytestmark = pytest.mark.django_db

HOME = "/staff/"
CARD_HEADINGS = {
    "triage": "card-triage",
    "caseload": "card-caseload",
    "locality": "card-locality",
    "referrals": "card-referrals",
    "directory": "card-directory",
    "jobs": "card-jobs",
    "staff_accounts": "card-staff-accounts",
    "data_protection": "card-data-protection",
    "referrals_received": "card-referrals-received",
    "social_care": "card-social-care",
    "start_for_life": "card-start-for-life",
    "insight": "card-insight",
}
# Role (each held alone, in the council's Early Help service) → the cards on their home.
CARDS = {
    "directory_editor": {"directory"},
    "directory_manager": {"directory"},
    "triage": {"triage"},
    "lead_professional": {"caseload", "referrals"},
    "practitioner": {"caseload", "referrals"},
    "locality_manager": {"caseload", "locality", "start_for_life", "insight"},
    "data_analyst": {"start_for_life", "insight"},
    "data_protection_officer": {"data_protection"},
    "administrator": {"staff_accounts", "jobs", "start_for_life"},
    "social_worker": {"social_care"},
}


def home_of(user) -> str:
    client = Client()
    sign_in_verified(client, user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def test_the_written_out_roles_are_every_role():
    assert set(CARDS) == set(Role.values)


@pytest.mark.parametrize("role", sorted(CARDS))
def test_each_role_sees_the_cards_of_its_work(role, council_organisation):
    html = home_of(StaffFactory(organisation=council_organisation, role=role))

    shown = {card for card, anchor in CARD_HEADINGS.items() if f'id="{anchor}"' in html}
    assert shown == CARDS[role]
    if not CARDS[role]:
        assert "Nothing is waiting for you" in html


def test_anyone_signed_out_is_sent_to_sign_in(client):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in")


def test_the_home_is_never_cached(triage_officer):
    client = Client()
    sign_in_verified(client, triage_officer)

    assert "no-store" in client.get(HOME)["Cache-Control"]


def test_signing_in_lands_on_the_home(client, triage_officer):
    from tests.accounts.helpers import PASSWORD, current_code, totp_device

    device = totp_device(triage_officer)
    client.post("/staff/sign-in", {"username": triage_officer.email, "password": PASSWORD})
    response = client.post("/staff/sign-in/code", {"code": current_code(device)})

    assert response["Location"] == HOME


def test_triage_sees_the_queue_counted_and_what_it_decided_recently(
    council, triage_officer, lead_professional
):
    SubmittedRequestFactory(local_authority=council, reference="FH-WAIT1")
    UrgentRequestFactory(local_authority=council, reference="FH-URGENT")
    SubmittedRequestFactory(local_authority=council, reference="FH-LATE1", hours_ago=24 * 10)
    decided = request_allocate(
        SubmittedRequestFactory(local_authority=council, reference="FH-DONE1"),
        by=triage_officer,
        lead_professional=lead_professional,
    )
    hackney = LocalAuthorityFactory(code="E09000012", name="Hackney", slug="hackney")
    SubmittedRequestFactory(local_authority=hackney, reference="FH-ELSEWH")

    html = home_of(triage_officer)

    assert "3 requests waiting" in html
    assert "1 possible safeguarding concern" in html
    # The urgent one is due at once (its allowance has passed within the hour) and the old one.
    assert "overdue" in html
    assert html.index("FH-URGENT") < html.index("FH-WAIT1")
    assert "FH-ELSEWH" not in html
    recent = html.split("Recently decided")[1]
    assert decided.reference in recent
    assert decided.get_status_display() in recent


def test_a_lead_sees_their_caseload_actions_due_and_new_allocations(episode, lead_professional):
    need = PlanNeedFactory(episode=episode)
    PlanActionFactory(
        need=need, description="Call the housing officer", due_on=timezone.localdate()
    )
    OverdueActionFactory(need=need, description="Book the GP appointment")

    html = home_of(lead_professional)

    assert "1 open episode" in html
    assert "1 action overdue" in html
    assert "1 action due in the next 7 days" in html
    assert html.index("Book the GP appointment") < html.index("Call the housing officer")
    assert "New to you" in html and episode.family.reference in html
    assert "Example" in html  # the family's name: the lead may see the record


def test_an_allocation_older_than_a_fortnight_is_not_new(episode, lead_professional):
    episode.opened_on = timezone.localdate() - dt.timedelta(days=15)
    episode.save(update_fields=["opened_on"])

    assert "New to you" not in home_of(lead_professional)


def test_a_locality_manager_sees_caseloads_per_lead_and_overdue_reviews(
    episode, locality_manager, lead_professional, council
):
    episode.next_review_due = timezone.localdate() - dt.timedelta(days=1)
    episode.save(update_fields=["next_review_due"])
    SubmittedRequestFactory(local_authority=council)

    html = home_of(locality_manager)

    assert "1 request waiting for triage" in html
    assert "1 review overdue" in html
    lead_row = html.split("Caseloads by lead professional")[1]
    assert escape(lead_professional.get_full_name()) in lead_row
    assert f"?lead={lead_professional.pk}" in lead_row


def test_a_practitioner_sees_their_organisations_referrals(partner_practitioner, council):
    ReferralFactory(local_authority=council, referrer=partner_practitioner, reference="FH-REF01")
    ReferralFactory(local_authority=council, reference="FH-OTHER")  # another organisation's

    html = home_of(partner_practitioner)

    assert "Your organisation has made 1 referral." in html
    assert "FH-REF01" in html and "FH-OTHER" not in html


def test_a_directory_editor_sees_their_services_to_check(directory_editor, partner_organisation):
    stale = ServiceFactory(
        organisation=partner_organisation,
        name="Stay and play",
        last_checked=timezone.localdate() - dt.timedelta(days=400),
    )
    ServiceFactory(organisation=partner_organisation, name="Fresh service")

    html = home_of(directory_editor)

    assert "1 of your services needs its details checked." in html
    assert f"/staff/directory/services/{stale.pk}/edit" in html
    assert "Fresh service" not in html


def test_an_administrator_sees_failed_messages(administrator):
    Message.objects.create(
        template="request_received",
        to="",
        language="en-gb",
        idempotency_key="request_received:failed-one",
        status=Message.Status.FAILED,
        attempts=MAX_ATTEMPTS,
    )

    assert "1 message failed" in home_of(administrator)


def test_an_administrator_sees_their_councils_staff_accounts_and_lockouts(
    administrator, triage_officer
):
    from axes.models import AccessAttempt
    from django.conf import settings

    AccessAttempt.objects.create(
        username=triage_officer.email,
        ip_address="203.0.113.9",
        user_agent="test",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/staff/sign-in",
    )

    html = home_of(administrator)

    assert "2 active accounts" in html
    assert "1 locked out" in html
    assert f"/staff/accounts/{triage_officer.pk}" in html


def test_a_data_protection_officer_sees_open_requests_soonest_due_first(
    data_protection_officer, council
):
    from familyhub.dataprotection.models import DataProtectionRequest
    from familyhub.dataprotection.services import dp_request_record
    from tests.families_factories import PersonFactory

    today = timezone.localdate()
    for received, name in [(today - dt.timedelta(days=45), "Late"), (today, "Fresh")]:
        dp_request_record(
            local_authority=council,
            kind=DataProtectionRequest.Kind.SUBJECT_ACCESS,
            requester_name=name,
            identity_check=DataProtectionRequest.IdentityCheck.PHOTO_ID,
            received_on=received,
            person=PersonFactory(local_authority=council),
            by=data_protection_officer,
        )

    html = home_of(data_protection_officer)

    assert "2 requests open" in html
    assert "1 past its statutory month" in html
    assert html.count("Overdue") == 1


def test_a_service_that_receives_referrals_sees_them_by_state(partner_practitioner):
    from tests.frontdoor_factories import ServiceReferralFactory

    organisation = partner_practitioner.memberships.get().organisation
    referral = ServiceReferralFactory(service__organisation=organisation)

    html = home_of(partner_practitioner)

    received = html.split('id="card-referrals-received"')[1]
    assert "New: 1" in received
    assert f"/staff/referrals/received/{referral.pk}" in received


def test_a_person_with_several_roles_sees_each_card_once(council_organisation):
    user = StaffFactory(organisation=council_organisation, role=Role.TRIAGE)
    user.memberships.create(organisation=council_organisation, role=Role.LOCALITY_MANAGER)

    html = home_of(user)

    assert html.count('id="card-triage"') == 1
    assert html.count('id="card-locality"') == 1
    assert html.index('id="card-triage"') < html.index('id="card-locality"')


def test_the_home_reads_in_a_bounded_number_of_queries(
    django_assert_max_num_queries, council, triage_officer, lead_professional
):
    SubmittedRequestFactory.create_batch(12, local_authority=council)
    client = Client()
    sign_in_verified(client, triage_officer)

    with django_assert_max_num_queries(20):
        client.get(HOME)
