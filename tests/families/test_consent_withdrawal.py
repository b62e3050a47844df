"""Recording that a family withdrew consent: only the named people may, with a reason, after a
page that shows who loses access and what becomes of the open episode; the lead professional
and the council's locality managers are told by email (the reference only), and the trail
keeps the reason."""

import datetime as dt
import html

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.audit.models import AuditEvent
from familyhub.families import services
from familyhub.families.models import Consent, Involvement
from familyhub.families.rules import may_withdraw_consent
from familyhub.notifications.models import Message
from tests.accounts.helpers import sign_in_verified as sign_in
from tests.factories import (
    LocalAuthorityFactory,
    MembershipFactory,
    OrganisationFactory,
    StaffFactory,
)
from tests.families_factories import (
    ConsentFactory,
    FamilyFactory,
    InvolvementFactory,
    SafeguardingOverrideFactory,
)
from tests.families_factories import MembershipFactory as HouseholdMembershipFactory

FAMILY_NAME = "Quarrington"
CHILD_NAME = "Zaynab"
REASON = "Mum phoned: she no longer wants the school to know about the support."

# Who may record a withdrawal. Each user holds the role at an organisation that works with the
# family (whole record shared with it) and is named on the family's record as a member of the
# team, not as its lead professional. Written out here, not read from the code under test.
WITHDRAWAL_MATRIX = {
    "anonymous": "sign_in",
    "directory_editor": 404,  # sees no family at all
    "directory_manager": 404,
    "triage": 200,
    "lead_professional": 403,  # a lead professional, but not this family's
    "practitioner": 403,  # sees the family, may not take it from the whole team
    "locality_manager": 200,
    "data_analyst": 404,
    "data_protection_officer": 404,  # reads a person's data only through a subject access request
    "administrator": 404,
    "social_worker": 404,
}


def another_council():
    return LocalAuthorityFactory(code="E09000001", name="City of London", slug="city-of-london")


def withdraw_url(family, consent) -> str:
    return f"/staff/families/{family.pk}/consent/{consent.pk}/withdraw"


def build_family(organisation, worker, *, involvement_role=Involvement.Role.TEAM_MEMBER):
    family = FamilyFactory(name=FAMILY_NAME, local_authority=organisation.local_authority)
    HouseholdMembershipFactory(family=family, person__given_name=CHILD_NAME)
    InvolvementFactory(
        family=family, organisation=organisation, worker=worker, role=involvement_role
    )
    consent = ConsentFactory(
        family=family,
        organisations=[organisation],
        given_at=timezone.now() - dt.timedelta(days=30),
    )
    return family, consent


def test_the_matrix_names_every_role_and_anonymous():
    assert set(WITHDRAWAL_MATRIX) == {role.value for role in Role} | {"anonymous"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(WITHDRAWAL_MATRIX))
def test_who_may_record_a_withdrawal(client, role):
    organisation = OrganisationFactory()
    user = None if role == "anonymous" else StaffFactory(organisation=organisation, role=role)
    family, consent = build_family(organisation, user)
    if user is not None:
        sign_in(client, user)
    expected = WITHDRAWAL_MATRIX[role]
    url = withdraw_url(family, consent)

    if user is not None:
        record = client.get(f"/staff/families/{family.pk}/")
        # The record offers the link only to those who may follow it.
        assert (url in record.content.decode()) is (expected == 200)
    page = client.get(url)
    posted = client.post(url, {"how": Consent.Given.VERBAL, "reason": REASON})

    consent.refresh_from_db()
    if expected == "sign_in":
        assert page.status_code == posted.status_code == 302
        assert "sign-in" in page["Location"]
        assert consent.withdrawn_at is None
    elif expected == 200:
        assert page.status_code == 200
        assert posted.status_code == 302
        assert consent.withdrawn_at is not None
    else:
        assert page.status_code == posted.status_code == expected
        assert consent.withdrawn_at is None


@pytest.mark.django_db
def test_the_familys_own_lead_professional_may_record_it(client):
    organisation = OrganisationFactory()
    lead = StaffFactory(organisation=organisation, role=Role.LEAD_PROFESSIONAL)
    family, consent = build_family(
        organisation, lead, involvement_role=Involvement.Role.LEAD_PROFESSIONAL
    )
    sign_in(client, lead)
    assert withdraw_url(family, consent) in client.get(f"/staff/families/{family.pk}/").text
    assert client.get(withdraw_url(family, consent)).status_code == 200


@pytest.mark.django_db
def test_a_locality_manager_of_another_council_may_not():
    organisation = OrganisationFactory()
    manager = StaffFactory(organisation=organisation, role=Role.LOCALITY_MANAGER)
    family, _consent = build_family(organisation, manager)
    assert may_withdraw_consent(manager, family, now=timezone.now())
    family.local_authority = another_council()
    family.save()
    assert not may_withdraw_consent(manager, family, now=timezone.now())


@pytest.fixture
def team():
    """A family two organisations work with. The Early Help Team (lead professional Ada, team
    member Ben) has the whole record through one consent; the school (Cal) through the same
    consent and, for events and notes only, a second one; front door triage (Dee) through its
    own public-task consent. Two locality managers in the council, one elsewhere."""
    council = LocalAuthorityFactory()
    early_help = OrganisationFactory(name="Early Help Team", local_authority=council)
    school = OrganisationFactory(name="Bright Start School", local_authority=council)
    front_door = OrganisationFactory(name="Front Door", local_authority=council)
    ada = StaffFactory(
        organisation=early_help, role=Role.LEAD_PROFESSIONAL, first_name="Ada", last_name="Lead"
    )
    ben = StaffFactory(
        organisation=early_help, role=Role.PRACTITIONER, first_name="Ben", last_name="Team"
    )
    cal = StaffFactory(
        organisation=school, role=Role.PRACTITIONER, first_name="Cal", last_name="School"
    )
    dee = StaffFactory(
        organisation=front_door, role=Role.TRIAGE, first_name="Dee", last_name="Triage"
    )
    managers = [
        StaffFactory(organisation=front_door, role=Role.LOCALITY_MANAGER, email="lm1@example.org"),
        StaffFactory(organisation=early_help, role=Role.LOCALITY_MANAGER, email="lm2@example.org"),
    ]
    StaffFactory(
        organisation=OrganisationFactory(local_authority=another_council()),
        role=Role.LOCALITY_MANAGER,
        email="elsewhere@example.org",
    )
    family = FamilyFactory(name=FAMILY_NAME, local_authority=council)
    HouseholdMembershipFactory(family=family, person__given_name=CHILD_NAME)
    for organisation, worker, role in (
        (early_help, ada, Involvement.Role.LEAD_PROFESSIONAL),
        (early_help, ben, Involvement.Role.TEAM_MEMBER),
        (school, cal, Involvement.Role.TEAM_MEMBER),
        (front_door, dee, Involvement.Role.ACCESS_TEAM),
    ):
        InvolvementFactory(family=family, organisation=organisation, worker=worker, role=role)
    shared = ConsentFactory(family=family, organisations=[early_help, school])
    ConsentFactory(family=family, organisations=[school], scope=Consent.Scope.CHRONOLOGY)
    ConsentFactory(family=family, organisations=[front_door])
    return {
        "family": family,
        "consent": shared,
        "early_help": early_help,
        "school": school,
        "front_door": front_door,
        "ada": ada,
        "dee": dee,
        "managers": managers,
    }


@pytest.mark.django_db
def test_the_page_shows_who_loses_what_and_what_becomes_of_the_episode(client, team):
    sign_in(client, team["dee"])
    page = html.unescape(client.get(withdraw_url(team["family"], team["consent"])).text)
    losing = page[page.index("Who loses access") : page.index("What happens to the open episode")]
    # The Early Help Team loses everything; the school keeps events and notes.
    assert "Early Help Team" in losing and "Bright Start School" in losing
    assert "Front Door" not in losing  # its own consent is untouched
    assert "Ada Lead" in losing and "Ben Team" in losing and "Cal School" in losing
    school = losing[losing.index("Bright Start School") :]
    assert "Still sees" in school and "events and notes" in school
    episode = page[page.index("What happens to the open episode") :]
    assert "does not close the family's open episode" in episode
    assert "The lead professional, Ada Lead, will no longer see" in episode
    assert "only these organisations can see the record and the open episode" in episode
    assert "Front Door" in episode
    assert "nobody can see" not in episode


@pytest.mark.django_db
def test_the_page_warns_when_nobody_would_see_the_record_any_more(client):
    organisation = OrganisationFactory(name="Early Help Team")
    manager = StaffFactory(organisation=organisation, role=Role.LOCALITY_MANAGER)
    family, consent = build_family(organisation, manager)
    sign_in(client, manager)
    page = html.unescape(client.get(withdraw_url(family, consent)).text)
    assert "Afterwards nobody can see the family's record or its open episode" in page


@pytest.mark.django_db
def test_an_override_keeps_an_organisations_sight_and_the_page_says_so(client):
    organisation = OrganisationFactory(name="Early Help Team")
    manager = StaffFactory(organisation=organisation, role=Role.LOCALITY_MANAGER)
    family, consent = build_family(organisation, manager)
    SafeguardingOverrideFactory(family=family, organisation=organisation)
    sign_in(client, manager)
    page = html.unescape(client.get(withdraw_url(family, consent)).text)
    assert "Nobody working with the family loses access" in page
    assert "Afterwards nobody can see" not in page


@pytest.mark.django_db
def test_confirming_needs_a_reason_and_changes_nothing_without_one(client, team):
    sign_in(client, team["dee"])
    url = withdraw_url(team["family"], team["consent"])
    response = client.post(url, {"how": Consent.Given.VERBAL, "reason": "   "})
    assert response.status_code == 200
    assert "Enter why the family withdrew consent" in response.content.decode()
    response = client.post(url, {"how": Consent.Given.VERBAL, "reason": "x" * 1001})
    assert "1000 characters or fewer" in response.content.decode()
    team["consent"].refresh_from_db()
    assert team["consent"].withdrawn_at is None
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_confirming_withdraws_audits_the_reason_and_tells_the_lead_and_managers(
    client, team, django_capture_on_commit_callbacks
):
    family, consent = team["family"], team["consent"]
    sign_in(client, team["dee"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            withdraw_url(family, consent), {"how": Consent.Given.VERBAL, "reason": REASON}
        )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_how == Consent.Given.VERBAL

    event = AuditEvent.objects.get(
        action=AuditEvent.Action.CHANGE, record_type="families.consent", record_id=str(consent.pk)
    )
    assert event.actor == team["dee"] and event.reason == REASON
    assert set(event.details["organisations_losing_sight"]) == {
        str(team["early_help"].pk),
        str(team["school"].pk),
    }

    # The lead and the council's two locality managers; not the one recording it, not a
    # manager elsewhere.
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == sorted([team["ada"].email, "lm1@example.org", "lm2@example.org"])
    for email in mail.outbox:
        assert family.reference in email.subject and family.reference in email.body
        assert f"http://testserver/staff/families/{family.pk}/" in email.body
        assert FAMILY_NAME not in email.body + email.subject
        assert CHILD_NAME not in email.body and REASON not in email.body


@pytest.mark.django_db
def test_nothing_is_sent_if_the_withdrawal_is_rolled_back(team, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.consent_withdraw(consent=team["consent"], how="verbal", reason=" ", by=team["dee"])
    assert mail.outbox == [] and not Message.objects.exists()


@pytest.mark.django_db
def test_the_service_refuses_those_who_may_not_and_a_second_withdrawal(team):
    school_worker = MembershipFactory(organisation=team["school"], role=Role.PRACTITIONER).user
    InvolvementFactory(
        family=team["family"],
        organisation=team["school"],
        worker=school_worker,
        role=Involvement.Role.TEAM_MEMBER,
    )
    with pytest.raises(PermissionDenied):
        services.consent_withdraw(
            consent=team["consent"], how="verbal", reason=REASON, by=school_worker
        )
    services.consent_withdraw(consent=team["consent"], how="verbal", reason=REASON, by=team["dee"])
    with pytest.raises(ValidationError, match="already been withdrawn"):
        services.consent_withdraw(
            consent=team["consent"], how="verbal", reason=REASON, by=team["dee"]
        )
