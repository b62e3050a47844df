"""Listing an organisation: an application makes no account; the directory manager's approval
makes one without a password and emails a one-time link to set it; rejection emails too."""

import re

import pytest
from django.core import mail
from django.test import Client, TestCase

from familyhub.accounts.models import Organisation, Role, User
from familyhub.audit.models import AuditEvent
from familyhub.directory.models import OrganisationApplication
from tests.accounts.helpers import sign_in_verified
from tests.factories import LocalAuthorityFactory, OrganisationFactory, StaffFactory

pytestmark = pytest.mark.django_db

JOIN = "/list-your-organisation"
SET_UP = "/staff/sign-in/set-up"
NEW_PASSWORD = "kettle orchard lantern 42"


def application(**changes) -> dict:
    return {
        "local_authority": "E09000030",
        "name": "Shadwell Dads Club",
        "sector": "voluntary",
        "description": "Saturday mornings for dads and their children.",
        "contact_name": "Sam Example",
        "contact_email": "sam@example.org",
        **changes,
    }


class CommittingClient(Client):
    """A test client whose requests run their after-commit work (the queued messages) as they
    end, as a real commit would: each test here runs inside one transaction that never commits."""

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


@pytest.fixture
def client():
    return CommittingClient()


@pytest.fixture
def council():
    return LocalAuthorityFactory()


@pytest.fixture
def manager(council):
    return StaffFactory(
        organisation=OrganisationFactory(name="Family Hubs", local_authority=council),
        role=Role.DIRECTORY_MANAGER,
    )


def apply(client: Client, **changes):
    return client.post(JOIN, application(**changes))


def decide(client: Client, manager: User, organisation: Organisation, decision: str):
    sign_in_verified(client, manager)
    return client.post(
        f"/staff/directory/organisations/{organisation.pk}/decision", {"decision": decision}
    )


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def test_an_application_makes_a_pending_organisation_and_no_account(client, council):
    response = apply(client)

    assert response.status_code == 200
    page = response.content.decode()
    assert "We have your application" in page
    assert "We will email you when your application is decided" in page
    organisation = Organisation.objects.get(name="Shadwell Dads Club")
    assert organisation.status == Organisation.Status.PENDING
    waiting = OrganisationApplication.objects.get(organisation=organisation)
    assert waiting.status == OrganisationApplication.Status.PENDING
    assert waiting.contact_email == "sam@example.org"
    assert not User.objects.filter(email="sam@example.org").exists()
    assert "_auth_user_id" not in client.session
    (email,) = mail.outbox
    assert email.to == ["sam@example.org"]
    assert email.subject == "We have your application to list Shadwell Dads Club"
    assert "already" not in email.body
    created = AuditEvent.objects.get(record_type="directory.organisationapplication")
    assert created.action == AuditEvent.Action.CREATE
    assert created.actor is None


def test_the_email_not_the_page_tells_an_address_with_an_account(client, council):
    StaffFactory(email="sam@example.org")

    response = apply(client, contact_email="Sam@Example.org")

    assert "We have your application" in response.content.decode()
    assert "already" not in response.content.decode()
    (email,) = mail.outbox
    assert "There is already a Family Hub account for this email address" in email.body


def test_an_application_asks_for_no_password(client, council):
    page = client.get(JOIN).content.decode()
    assert 'type="password"' not in page


def test_an_overlong_or_missing_answer_is_a_form_error(client, council):
    response = apply(client, contact_name="x" * 151, description="")
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Organisation.objects.filter(name="Shadwell Dads Club").exists()
    assert mail.outbox == []


def test_the_manager_sees_who_asked(client, council, manager):
    apply(client)
    sign_in_verified(client, manager)
    page = client.get("/staff/directory/").content.decode()
    assert "Shadwell Dads Club" in page
    assert "Asked by Sam Example, sam@example.org" in page


def test_approval_makes_an_editor_without_a_password_and_emails_a_one_time_link(
    client, council, manager
):
    apply(client)
    organisation = Organisation.objects.get(name="Shadwell Dads Club")

    response = decide(client, manager, organisation, "approve")

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.APPROVED
    editor = User.objects.get(email="sam@example.org")
    assert (editor.first_name, editor.last_name) == ("Sam", "Example")
    assert not editor.has_usable_password()
    assert editor.memberships.get().role == Role.DIRECTORY_EDITOR
    assert editor.memberships.get().organisation == organisation
    decided = OrganisationApplication.objects.get(organisation=organisation)
    assert decided.status == OrganisationApplication.Status.APPROVED
    assert decided.decided_by == manager
    email = mail.outbox[-1]
    assert email.to == ["sam@example.org"]
    assert email.subject == "Shadwell Dads Club is approved: create your password"
    assert link_in(email).startswith("/staff/set-password/")
    trail = AuditEvent.objects.filter(actor=manager)
    assert trail.filter(record_type="accounts.organisation", details__status="approved").exists()
    assert trail.filter(
        record_type="accounts.user", record_id=str(editor.pk), action=AuditEvent.Action.CREATE
    ).exists()


def test_the_link_sets_a_password_once_then_leads_to_setting_up_an_app(client, council, manager):
    apply(client)
    decide(client, manager, Organisation.objects.get(name="Shadwell Dads Club"), "approve")
    link = link_in(mail.outbox[-1])
    newcomer = CommittingClient()

    # The token moves from the address into the session, as Django's reset view does.
    landing = newcomer.get(link)
    assert landing.status_code == 302
    form_url = landing["Location"]
    assert form_url.endswith("/set-password")
    page = newcomer.get(form_url)
    assert "Create your password" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    mismatch = newcomer.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": "other"})
    assert "The two passwords are not the same" in mismatch.content.decode()
    short = newcomer.post(form_url, {"new_password1": "short one", "new_password2": "short one"})
    assert "at least 12 characters" in short.content.decode()

    done = newcomer.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 302
    assert done["Location"] == SET_UP
    editor = User.objects.get(email="sam@example.org")
    assert editor.check_password(NEW_PASSWORD)
    # Signed in but not verified: the set-up step is where they go, and staff pages send them.
    assert newcomer.get(SET_UP).status_code == 200
    assert newcomer.get("/staff/directory/")["Location"].startswith(SET_UP)
    event = AuditEvent.objects.get(actor=editor, record_id=str(editor.pk))
    assert event.action == AuditEvent.Action.CHANGE
    assert NEW_PASSWORD not in str(event.details)
    # The link works once.
    again = CommittingClient().get(link)
    assert again.status_code == 200
    assert "This link does not work any more" in again.content.decode()


def test_a_made_up_link_asks_for_nothing(client):
    page = client.get("/staff/set-password/MTIz/abc-123").content.decode()
    assert "This link does not work any more" in page
    assert "new_password1" not in page


def test_approving_an_address_with_an_account_adds_the_role_and_sends_no_link(
    client, council, manager
):
    existing = StaffFactory(email="sam@example.org", role=Role.PRACTITIONER)
    password = existing.password
    apply(client)
    organisation = Organisation.objects.get(name="Shadwell Dads Club")

    decide(client, manager, organisation, "approve")

    existing.refresh_from_db()
    assert existing.password == password
    assert existing.memberships.filter(
        organisation=organisation, role=Role.DIRECTORY_EDITOR
    ).exists()
    email = mail.outbox[-1]
    assert email.subject == "Shadwell Dads Club is approved"
    assert "/staff/set-password/" not in email.body
    assert link_in(email) == "/staff/sign-in"


def test_rejection_emails_the_applicant_and_makes_no_account(client, council, manager):
    apply(client)
    organisation = Organisation.objects.get(name="Shadwell Dads Club")

    decide(client, manager, organisation, "reject")

    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.REJECTED
    assert not User.objects.filter(email="sam@example.org").exists()
    email = mail.outbox[-1]
    assert email.subject == "Your application to list Shadwell Dads Club"
    assert "could not approve" in email.body
    assert AuditEvent.objects.filter(actor=manager, details__status="rejected").exists()


def test_a_second_decision_changes_nothing(client, council, manager):
    apply(client)
    organisation = Organisation.objects.get(name="Shadwell Dads Club")
    decide(client, manager, organisation, "reject")
    sent = len(mail.outbox)

    decide(client, manager, organisation, "approve")

    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.REJECTED
    assert not User.objects.filter(email="sam@example.org").exists()
    assert len(mail.outbox) == sent


def test_an_application_in_bengali_is_answered_in_bengali(client, council, manager):
    client.cookies["django_language"] = "bn"
    page = client.get(JOIN).content.decode()
    assert "আপনার প্রতিষ্ঠান" in page

    apply(client)
    decide(client, manager, Organisation.objects.get(name="Shadwell Dads Club"), "approve")

    received, approved = mail.outbox
    assert "Shadwell Dads Club" in received.subject
    assert received.subject != "We have your application to list Shadwell Dads Club"
    assert approved.subject != "Shadwell Dads Club is approved: create your password"


# Who may decide: the directory managers of the organisation's council, and nobody else.
# Written out here rather than read from the code under test.
MAY_DECIDE = {
    "directory_editor": False,
    "directory_manager": True,
    "triage": False,
    "lead_professional": False,
    "practitioner": False,
    "locality_manager": False,
    "data_analyst": False,
    "administrator": False,
}


@pytest.mark.parametrize("role", sorted(MAY_DECIDE))
def test_only_the_councils_directory_managers_decide(client, council, role):
    apply(client)
    organisation = Organisation.objects.get(name="Shadwell Dads Club")
    member = StaffFactory(organisation=OrganisationFactory(local_authority=council), role=role)

    response = decide(client, member, organisation, "approve")

    organisation.refresh_from_db()
    if MAY_DECIDE[role]:
        assert response.status_code == 302
        assert organisation.status == Organisation.Status.APPROVED
    else:
        assert response.status_code == 403
        assert organisation.status == Organisation.Status.PENDING
        assert not User.objects.filter(email="sam@example.org").exists()


def test_a_signed_out_visitor_cannot_decide(client, council):
    apply(client)
    organisation = Organisation.objects.get(name="Shadwell Dads Club")

    response = client.post(
        f"/staff/directory/organisations/{organisation.pk}/decision", {"decision": "approve"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in")
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.PENDING


def test_a_manager_of_another_council_cannot_decide(client, council):
    apply(client)
    organisation = Organisation.objects.get(name="Shadwell Dads Club")
    elsewhere = LocalAuthorityFactory(code="E09000002", name="Barking", slug="barking")
    other = StaffFactory(
        organisation=OrganisationFactory(local_authority=elsewhere), role=Role.DIRECTORY_MANAGER
    )

    assert decide(client, other, organisation, "approve").status_code == 403
