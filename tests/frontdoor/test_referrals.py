"""Practitioners' referrals from the staff area: to the front door, or straight to a service."""

import datetime as dt
import re
import uuid

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from familyhub.accounts.models import Organisation, Role, Sector
from familyhub.audit.models import AuditEvent
from familyhub.directory.models import Service
from familyhub.families.identifiers import synthetic_nhs_number
from familyhub.frontdoor import rules as frontdoor_rules
from familyhub.frontdoor.models import NeedLevel, SupportRequest
from familyhub.frontdoor.referrals import rules
from familyhub.frontdoor.referrals.services import ReferralData, ReferredPerson, referral_submit
from familyhub.places.models import LocalAuthority
from tests.accounts.helpers import sign_in_verified
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ServiceFactory,
)
from tests.frontdoor.conftest import date_parts

# The council (tests/frontdoor/conftest.py) has the demo's continuum of needs; the triage
# officer is the cast's (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("postcodes", "continuum")

NEW_URL = reverse("referrals:new")
LIST_URL = reverse("referrals:list")
POSTCODE = "E1 0AA"  # a live Tower Hamlets postcode in every test database (tests/conftest.py)
REFERENCE = re.compile(
    "^" + frontdoor_rules.REFERENCE_PREFIX + f"[{frontdoor_rules.REFERENCE_ALPHABET}]{{6}}$"
)


@pytest.fixture
def school(council):
    return OrganisationFactory(name="Marner Primary", sector=Sector.SCHOOL, local_authority=council)


@pytest.fixture
def practitioner(school):
    return MembershipFactory(organisation=school, role=Role.PRACTITIONER).user


@pytest.fixture
def colleague(school):
    return MembershipFactory(organisation=school, role=Role.LEAD_PROFESSIONAL).user


@pytest.fixture
def parenting_service(council):
    charity = OrganisationFactory(
        name="Parents Together", email="referrals@parents.example.org", local_authority=council
    )
    return ServiceFactory(organisation=charity, name="Parenting course", accepts_referrals=True)


def client_for(user) -> Client:
    client = Client()
    sign_in_verified(client, user)
    return client


def referral_answers(**changes) -> dict[str, str]:
    """A complete referral to the front door; `changes` replace or add answers."""
    born = timezone.localdate() - dt.timedelta(days=365 * 7)
    answers = {
        "submission_key": str(uuid.uuid4()),
        "destination": "front_door",
        "child1_given_name": "Idris",
        "child1_family_name": "Example",
        **date_parts("child1_date_of_birth", born),
        "child1_nhs_number": synthetic_nhs_number(1),
        "adult1_role": "parent",
        "adult1_given_name": "Nadia",
        "adult1_family_name": "Example",
        "address_1": "1 Example Street",
        "postcode": POSTCODE,
        "worries": "Idris has missed 12 days this term and seems withdrawn.",
        "help_wanted": "Support with routines, and someone for mum to talk to.",
        "at_risk": "no",
        "consent": "yes",
        "contact_name": "Nadia Example",
        "phone": "020 7946 0123",
    }
    answers.update(changes)
    return answers


def test_a_school_practitioner_refers_to_the_front_door_and_triage_sees_it(
    practitioner, school, triage_officer, django_capture_on_commit_callbacks
):
    client = client_for(practitioner)
    assert client.get(NEW_URL).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW_URL, referral_answers())

    referral = SupportRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", args=[referral.pk])
    assert referral.status == SupportRequest.Status.NEW
    assert referral.source == SupportRequest.Source.PRACTITIONER
    assert (referral.referrer, referral.referrer_organisation) == (practitioner, school)
    assert referral.service is None and referral.safeguarding_concern is False
    assert referral.local_authority_id == school.local_authority_id
    assert REFERENCE.match(referral.reference)
    assert referral.submitted_at is not None
    assert referral.consent_to_share is True and referral.consent_given_at is not None
    people = {(p.role, p.given_name, p.nhs_number) for p in referral.people.all()}
    assert people == {("child", "Idris", synthetic_nhs_number(1)), ("parent", "Nadia", "")}
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, record_id=str(referral.pk), actor=practitioner
    ).exists()
    assert mail.outbox == []  # the front door needs no extra message

    queue = client_for(triage_officer).get(reverse("triage:queue"))
    assert referral.reference in queue.content.decode()

    status = client.get(response["Location"]).content.decode()
    assert "Waiting for triage" in status and "Family Hub front door" in status


def test_a_referral_straight_to_a_service_is_sent_and_its_organisation_told(
    practitioner, parenting_service, django_capture_on_commit_callbacks
):
    client = client_for(practitioner)
    answers = referral_answers(destination="service", service=str(parenting_service.pk))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(NEW_URL, answers)

    referral = SupportRequest.objects.get()
    assert referral.status == SupportRequest.Status.REFERRED
    assert referral.service == parenting_service
    [message] = mail.outbox
    assert message.to == ["referrals@parents.example.org"]
    assert referral.reference in message.subject
    assert "Idris" not in message.body  # no family details by email
    listed = client.get(LIST_URL).content.decode()
    assert "Parenting course" in listed and "Sent to a service" in listed


def test_a_child_at_risk_always_goes_to_the_front_door(
    practitioner, parenting_service, django_capture_on_commit_callbacks
):
    client = client_for(practitioner)
    answers = referral_answers(
        destination="service", service=str(parenting_service.pk), at_risk="yes"
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW_URL, answers, follow=True)

    referral = SupportRequest.objects.get()
    assert referral.service is None
    assert referral.status == SupportRequest.Status.NEW
    assert referral.safeguarding_concern is True
    assert mail.outbox == []
    assert "call children's social care now on 020" in response.content.decode()


def test_the_urgent_banner_shows_while_other_answers_still_have_errors(practitioner):
    response = client_for(practitioner).post(NEW_URL, referral_answers(at_risk="yes", worries=""))

    page = response.content.decode()
    assert response.status_code == 200
    assert "A child may be at risk of significant harm" in page
    assert "Say what is worrying you, and why now" in page


def test_sending_twice_with_the_same_key_makes_one_referral_and_one_email(
    practitioner, parenting_service, django_capture_on_commit_callbacks
):
    client = client_for(practitioner)
    answers = referral_answers(destination="service", service=str(parenting_service.pk))

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(NEW_URL, answers)
        second = client.post(NEW_URL, answers)

    assert SupportRequest.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert len(mail.outbox) == 1


def test_the_service_returns_the_same_referral_for_the_same_key(practitioner, school):
    data = ReferralData(
        service=None,
        people=[ReferredPerson(role="child", given_name="Idris", family_name="Example")],
        address_1="1 Example Street",
        postcode=POSTCODE,
        worries="Worried",
        help_wanted="Help",
        consent_to_share=False,
        at_risk=False,
        contact_name="Nadia Example",
        phone="020 7946 0123",
    )
    key = uuid.uuid4()

    first = referral_submit(
        practitioner=practitioner, organisation=school, data=data, submission_key=key
    )
    again = referral_submit(
        practitioner=practitioner, organisation=school, data=data, submission_key=key
    )

    assert first.pk == again.pk and SupportRequest.objects.count() == 1
    assert first.consent_to_share is False and first.consent_given_at is None


def test_a_wrong_nhs_check_digit_is_an_error_and_every_answer_is_kept(practitioner):
    good = synthetic_nhs_number(2)
    bad = good[:9] + str((int(good[9]) + 1) % 10)
    answers = referral_answers(child1_nhs_number=bad, city="London", child2_given_name="Sami")

    response = client_for(practitioner).post(NEW_URL, answers)

    page = response.content.decode()
    assert response.status_code == 200
    assert SupportRequest.objects.count() == 0
    assert "Check the NHS number of child 1: one of the digits is not right" in page
    assert 'href="#id_child1_nhs_number"' in page  # the error summary links to the box
    assert "Error:" in page.split("</title>")[0]
    for name in ("child1_nhs_number", "child1_given_name", "address_1", "city", "phone"):
        assert f'value="{answers[name]}"' in page, name
    assert 'value="Sami"' in page
    assert answers["worries"] in page
    assert f'value="{answers["submission_key"]}"' in page  # the same key, so still sent once
    assert 'value="front_door" checked' in page


def test_a_named_child_needs_a_date_of_birth_or_a_due_date(practitioner):
    answers = referral_answers(child2_given_name="Sami")

    page = client_for(practitioner).post(NEW_URL, answers).content.decode()

    assert "Enter the date of birth of child 2, or the due date of a baby not born yet" in page
    assert "Enter the last name of child 2" not in page  # one thing at a time


def test_a_baby_not_born_yet_needs_no_name(practitioner):
    due = timezone.localdate() + dt.timedelta(days=60)
    answers = referral_answers(**date_parts("child2_due_date", due))

    client_for(practitioner).post(NEW_URL, answers)

    baby = SupportRequest.objects.get().people.get(role="unborn")
    assert baby.due_date == due and baby.given_name == ""


def test_a_referral_to_a_service_needs_the_familys_agreement(practitioner, parenting_service):
    answers = referral_answers(
        destination="service", service=str(parenting_service.pk), consent="front_door_only"
    )

    page = client_for(practitioner).post(NEW_URL, answers).content.decode()

    assert "The family must agree before you refer them to a service" in page
    assert SupportRequest.objects.count() == 0


def test_only_live_approved_services_of_the_council_that_take_referrals_are_offered(
    council, practitioner, parenting_service
):
    ServiceFactory(name="Drop-in stay and play", organisation=parenting_service.organisation)
    ServiceFactory(
        name="Closed course",
        organisation=parenting_service.organisation,
        accepts_referrals=True,
        status=Service.Status.DEFUNCT,
    )
    ServiceFactory(
        name="Unapproved course",
        organisation=OrganisationFactory(status=Organisation.Status.PENDING),
        accepts_referrals=True,
    )
    elsewhere = LocalAuthority.objects.create(code="E09000012", name="Hackney", slug="hackney")
    ServiceFactory(
        name="Hackney course",
        organisation=OrganisationFactory(local_authority=elsewhere),
        accepts_referrals=True,
    )

    offered = list(rules.referrable_services(council).values_list("name", flat=True))

    assert offered == ["Parenting course"]
    page = client_for(practitioner).get(NEW_URL).content.decode()
    assert "Parenting course" in page and "Hackney course" not in page


def test_colleagues_see_their_organisations_referrals_and_nobody_else_does(
    practitioner, colleague, council
):
    client_for(practitioner).post(NEW_URL, referral_answers())
    referral = SupportRequest.objects.get()
    detail_url = reverse("referrals:detail", args=[referral.pk])

    listed = client_for(colleague).get(LIST_URL).content.decode()
    assert referral.reference in listed and "Idris, Nadia" in listed
    assert "Example" not in listed.split("<tbody")[1]  # first names only
    assert client_for(colleague).get(detail_url).status_code == 200

    gp = OrganisationFactory(name="GP surgery", sector=Sector.NHS, local_authority=council)
    stranger = MembershipFactory(organisation=gp, role=Role.PRACTITIONER).user
    other = client_for(stranger)
    assert other.get(detail_url).status_code == 404
    page = other.get(LIST_URL).content.decode()
    assert referral.reference not in page
    assert "Your organisation has not made any referrals yet" in page


@pytest.mark.parametrize(
    "role", [Role.TRIAGE, Role.DIRECTORY_EDITOR, Role.DATA_ANALYST, Role.LOCALITY_MANAGER]
)
def test_roles_that_do_not_refer_are_refused(role, school, practitioner):
    client_for(practitioner).post(NEW_URL, referral_answers())
    referral = SupportRequest.objects.get()
    client = client_for(MembershipFactory(organisation=school, role=role).user)

    assert client.get(LIST_URL).status_code == 403
    assert client.get(NEW_URL).status_code == 403
    assert client.post(NEW_URL, referral_answers()).status_code == 403
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 403
    assert SupportRequest.objects.count() == 1


def test_the_status_shows_the_level_and_date_but_not_the_reason(
    practitioner, triage_officer, council
):
    client = client_for(practitioner)
    client.post(NEW_URL, referral_answers())
    referral = SupportRequest.objects.get()
    referral.level = NeedLevel.objects.get(local_authority=council, number=1)
    referral.decision_reason = "Private detail the school was not told"
    referral.decided_at = timezone.now()
    referral.status = SupportRequest.Status.SIGNPOSTED
    referral.save()

    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()

    assert "Signposted to services" in page and "Universal" in page
    assert timezone.localdate().strftime("%Y") in page
    assert "Private detail" not in page


def test_referrers_see_referrals_in_the_navigation(practitioner, triage_officer):
    assert 'href="/staff/referrals/"' in client_for(practitioner).get("/").content.decode()
    assert 'href="/staff/referrals/"' not in client_for(triage_officer).get("/").content.decode()
