"""The staff account lifecycle's writes: each does what it says, refuses what it must, and
leaves one audit event about the account (never a password, token or link)."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyhub.accounts.models import Membership, Organisation, Role, User
from familyhub.audit.models import AuditEvent
from familyhub.notifications.models import Message
from familyhub.staffaccounts import selectors, services
from tests.accounts.helpers import PASSWORD, sign_in_verified, totp_device
from tests.factories import MembershipFactory, OrganisationFactory, StaffFactory
from tests.staffaccounts.conftest import CommittingClient, link_in

pytestmark = pytest.mark.django_db

SIGN_IN = "/staff/sign-in"
CODE_STEP = "/staff/sign-in/code"
SET_UP = "/staff/sign-in/set-up"
NEW_PASSWORD = "kettle orchard lantern 42"
WRONG_PASSWORD = "Enter a correct email address and password"


def absolute_uri(path: str) -> str:
    return f"http://testserver{path}"


def invite(by, organisation, *, email="amina.khan@example.org", roles=(Role.TRIAGE,)):
    return services.staff_invite(
        email=email,
        full_name="Amina Khan",
        organisation=organisation,
        roles=list(roles),
        by=by,
        absolute_uri=absolute_uri,
    )


def events_about(user) -> list[AuditEvent]:
    """The trail's changes to the account (sign-ins and failed sign-ins left out)."""
    return list(
        AuditEvent.objects.filter(
            record_type="accounts.user",
            record_id=str(user.pk),
            action__in=[AuditEvent.Action.CREATE, AuditEvent.Action.CHANGE],
        ).order_by("id")
    )


def password_step(client, email, password=PASSWORD):
    return client.post(SIGN_IN, {"username": email, "password": password})


def trail_text() -> str:
    return str(list(AuditEvent.objects.values("reason", "details")))


# Inviting


def test_inviting_a_new_address_makes_an_account_without_a_password_and_emails_a_link(
    administrator, council_organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user, created = invite(
            administrator, council_organisation, roles=[Role.TRIAGE, Role.LEAD_PROFESSIONAL]
        )

    assert created
    assert (user.email, user.first_name, user.last_name) == (
        "amina.khan@example.org",
        "Amina",
        "Khan",
    )
    assert not user.has_usable_password()
    assert sorted(user.memberships.values_list("organisation", "role")) == sorted(
        [(council_organisation.pk, Role.LEAD_PROFESSIONAL), (council_organisation.pk, Role.TRIAGE)]
    )
    [email] = mail.outbox
    assert email.to == ["amina.khan@example.org"]
    assert email.subject == f"Your {settings.SERVICE_NAME} account: create your password"
    link = link_in(email)
    assert link.startswith("/staff/set-password/")
    [event] = events_about(user)
    assert (event.action, event.actor) == (AuditEvent.Action.CREATE, administrator)
    assert event.details == {
        "organisation": str(council_organisation.pk),
        "roles_added": [Role.TRIAGE, Role.LEAD_PROFESSIONAL],
        "new_account": True,
        "invitation_sent": True,
    }
    assert link.rsplit("/", 1)[-1] not in trail_text()


def test_the_invitation_link_sets_a_password_then_asks_for_an_authenticator_app(
    administrator, council_organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user, _ = invite(administrator, council_organisation)
    newcomer = CommittingClient()

    form_url = newcomer.get(link_in(mail.outbox[-1]))["Location"]
    done = newcomer.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done["Location"] == SET_UP
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # Staff pages send them to set up an app until they have one.
    assert newcomer.get("/staff/accounts/")["Location"].startswith(SET_UP)
    assert NEW_PASSWORD not in trail_text()


def test_inviting_an_address_that_works_in_the_council_adds_the_roles_and_keeps_the_password(
    administrator, colleague, council_organisation, django_capture_on_commit_callbacks
):
    password = colleague.password

    with django_capture_on_commit_callbacks(execute=True):
        user, created = invite(
            administrator, council_organisation, email="RUKHSANA.AHMED@example.org"
        )

    assert (user, created) == (colleague, False)
    colleague.refresh_from_db()
    assert colleague.password == password
    assert colleague.memberships.filter(
        organisation=council_organisation, role=Role.TRIAGE
    ).exists()
    assert mail.outbox == []
    [event] = events_about(colleague)
    assert event.action == AuditEvent.Action.CHANGE
    assert event.details["new_account"] is False


def test_an_address_of_another_councils_staff_is_refused_and_nothing_changes(
    administrator, council_organisation, stranger, django_capture_on_commit_callbacks
):
    memberships = list(stranger.memberships.values_list("organisation", "role"))

    with (
        pytest.raises(ValidationError) as refused,
        django_capture_on_commit_callbacks(execute=True),
    ):
        invite(administrator, council_organisation, email=stranger.email)

    assert refused.value.messages == [
        "This email address cannot be invited here; contact the service desk"
    ]
    assert list(stranger.memberships.values_list("organisation", "role")) == memberships
    assert events_about(stranger) == []
    assert mail.outbox == [] and not Message.objects.exists()


def test_an_organisation_of_another_council_is_refused(administrator, other_council_organisation):
    with pytest.raises(ValidationError):
        invite(administrator, other_council_organisation)

    assert not User.objects.filter(email="amina.khan@example.org").exists()


# Sending the invitation again


def test_sending_again_makes_a_new_link_and_the_earlier_one_stops_working(
    administrator, council_organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user, _ = invite(administrator, council_organisation)
    first = link_in(mail.outbox[-1])

    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(user=user, by=administrator, absolute_uri=absolute_uri)

    assert len(mail.outbox) == 2
    second = link_in(mail.outbox[-1])
    assert second != first
    assert "This link does not work any more" in Client().get(first, follow=True).content.decode()
    assert Client().get(second)["Location"].endswith("/set-password")
    event = events_about(user)[-1]
    assert (event.action, event.details["invitation_sent"]) == (AuditEvent.Action.CHANGE, True)
    assert second.rsplit("/", 1)[-1] not in trail_text()


def test_sending_again_is_refused_once_a_password_is_set(administrator, colleague):
    with pytest.raises(ValidationError):
        services.invitation_resend(user=colleague, by=administrator, absolute_uri=absolute_uri)

    assert events_about(colleague) == []


# Roles


def test_adding_roles_in_another_organisation_of_the_council(
    administrator, colleague, partner_organisation
):
    added = services.membership_add(
        user=colleague,
        organisation=partner_organisation,
        roles=[Role.PRACTITIONER, Role.DIRECTORY_EDITOR],
        by=administrator,
    )

    assert sorted(added) == [Role.DIRECTORY_EDITOR, Role.PRACTITIONER]
    assert colleague.memberships.filter(organisation=partner_organisation).count() == 2
    [event] = events_about(colleague)
    assert event.details == {
        "organisation": str(partner_organisation.pk),
        "roles_added": [Role.PRACTITIONER, Role.DIRECTORY_EDITOR],
    }


def test_removing_a_role_keeps_their_others(administrator, colleague, partner_organisation):
    extra = MembershipFactory(
        user=colleague, organisation=partner_organisation, role=Role.PRACTITIONER
    )

    assert services.membership_remove(membership=extra, by=administrator)

    assert list(colleague.memberships.values_list("role", flat=True)) == [Role.LEAD_PROFESSIONAL]
    [event] = events_about(colleague)
    assert event.details == {
        "organisation": str(partner_organisation.pk),
        "role_removed": Role.PRACTITIONER,
    }


def test_their_only_role_in_the_council_cannot_be_removed(administrator, colleague):
    with pytest.raises(ValidationError, match="deactivate the account instead"):
        services.membership_remove(membership=colleague.memberships.get(), by=administrator)

    assert colleague.memberships.count() == 1


def test_an_administrator_cannot_remove_their_own_administrator_role(
    administrator, council_organisation, lead_organisation
):
    StaffFactory(organisation=lead_organisation, role=Role.ADMINISTRATOR)  # not the last
    MembershipFactory(user=administrator, organisation=council_organisation, role=Role.TRIAGE)
    own = administrator.memberships.get(role=Role.ADMINISTRATOR)

    with pytest.raises(ValidationError, match="your own administrator role"):
        services.membership_remove(membership=own, by=administrator)

    assert Membership.objects.filter(pk=own.pk).exists()


def test_the_last_administrator_of_a_council_cannot_be_removed(administrator, council_organisation):
    MembershipFactory(user=administrator, organisation=council_organisation, role=Role.TRIAGE)
    # A deactivated administrator does not count: they cannot manage anything.
    gone = StaffFactory(organisation=council_organisation, role=Role.ADMINISTRATOR, is_active=False)
    own = administrator.memberships.get(role=Role.ADMINISTRATOR)

    with pytest.raises(ValidationError, match="last administrator"):
        services.membership_remove(membership=own, by=administrator)

    assert Membership.objects.filter(pk=own.pk).exists()
    assert gone.memberships.exists()
    assert events_about(administrator) == []


def test_another_administrators_role_can_be_removed(administrator, council_organisation):
    other = StaffFactory(organisation=council_organisation, role=Role.ADMINISTRATOR)
    MembershipFactory(user=other, organisation=council_organisation, role=Role.TRIAGE)

    services.membership_remove(
        membership=other.memberships.get(role=Role.ADMINISTRATOR), by=administrator
    )

    assert list(other.memberships.values_list("role", flat=True)) == [Role.TRIAGE]


# Leaving and returning


def test_deactivating_ends_their_sessions_and_stops_them_signing_in(administrator, colleague):
    theirs, others = Client(), Client()
    sign_in_verified(theirs, colleague)
    sign_in_verified(others, administrator)
    assert theirs.get("/staff/accounts/").status_code == 403  # signed in, not an administrator

    assert services.staff_deactivate(user=colleague, by=administrator, reason="Left the council")

    colleague.refresh_from_db()
    assert not colleague.is_active
    sessions = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert sessions == [str(administrator.pk)]
    assert theirs.get("/staff/accounts/")["Location"].startswith(SIGN_IN)
    refused = password_step(Client(), colleague.email)
    assert refused.status_code == 200
    assert WRONG_PASSWORD in refused.content.decode()
    [event] = events_about(colleague)
    assert (event.action, event.reason) == (AuditEvent.Action.CHANGE, "Left the council")
    assert event.details == {"is_active": False, "sessions_ended": 1, "invitation_cancelled": False}


def test_deactivating_someone_invited_cancels_their_link(
    administrator, council_organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user, _ = invite(administrator, council_organisation)

    services.staff_deactivate(user=user, by=administrator, reason="Offer withdrawn")

    page = Client().get(link_in(mail.outbox[-1]), follow=True).content.decode()
    assert "This link does not work any more" in page
    assert events_about(user)[-1].details["invitation_cancelled"] is True


def test_reactivating_lets_them_sign_in_again(administrator, colleague):
    services.staff_deactivate(user=colleague, by=administrator, reason="Left the council")

    assert services.staff_reactivate(user=colleague, by=administrator)

    assert password_step(Client(), colleague.email).status_code == 302
    assert events_about(colleague)[-1].details == {"is_active": True}
    # A second click changes nothing and writes nothing.
    assert not services.staff_reactivate(user=colleague, by=administrator)
    assert len(events_about(colleague)) == 2


def test_an_administrator_cannot_deactivate_themselves(administrator):
    with pytest.raises(ValidationError):
        services.staff_deactivate(user=administrator, by=administrator, reason="Testing")

    administrator.refresh_from_db()
    assert administrator.is_active


def test_an_account_that_also_works_for_another_council_is_left_to_the_service_desk(
    administrator, colleague, other_council_organisation
):
    MembershipFactory(user=colleague, organisation=other_council_organisation, role=Role.TRIAGE)

    for change in (
        lambda: services.staff_deactivate(user=colleague, by=administrator, reason="Left"),
        lambda: services.authenticator_reset(user=colleague, by=administrator, reason="Lost"),
        lambda: services.lockout_lift(user=colleague, by=administrator),
    ):
        with pytest.raises(ValidationError, match="another council"):
            change()

    colleague.refresh_from_db()
    assert colleague.is_active
    assert events_about(colleague) == []


# Signing in: a lost authenticator, a lockout


def test_resetting_the_authenticator_makes_them_set_up_a_new_app_at_next_sign_in(
    administrator, colleague
):
    theirs = Client()
    sign_in_verified(theirs, colleague)
    assert password_step(Client(), colleague.email)["Location"].startswith(CODE_STEP)

    removed = services.authenticator_reset(user=colleague, by=administrator, reason="Phone lost")

    assert removed == 1
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert theirs.get("/staff/accounts/")["Location"].startswith(SIGN_IN)
    assert password_step(Client(), colleague.email)["Location"].startswith(SET_UP)
    [event] = events_about(colleague)
    assert event.reason == "Phone lost"
    # Both sessions: the verified one, and the one the password step above began.
    assert event.details == {"authenticator_apps_removed": 1, "sessions_ended": 2}


def test_an_administrator_cannot_reset_their_own_authenticator(administrator):
    totp_device(administrator)

    with pytest.raises(ValidationError):
        services.authenticator_reset(user=administrator, by=administrator, reason="Lost")

    assert TOTPDevice.objects.filter(user=administrator).exists()


def test_lifting_a_lockout_lets_a_locked_out_member_of_staff_sign_in_again(
    administrator, colleague
):
    totp_device(colleague)
    office = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(office, colleague.email, password="wrong password")
    assert password_step(office, colleague.email).status_code == 429
    assert selectors.staff_get_for_admin(administrator, colleague.pk).locked_out

    cleared = services.lockout_lift(user=colleague, by=administrator)

    assert cleared == 1
    assert not AccessAttempt.objects.exists()
    assert not selectors.staff_get_for_admin(administrator, colleague.pk).locked_out
    assert password_step(office, colleague.email)["Location"].startswith(CODE_STEP)
    [event] = events_about(colleague)
    assert event.details == {"lockout_lifted": True, "failure_counts_cleared": 1}
    assert "wrong password" not in trail_text()


def test_a_lockout_that_has_run_out_is_not_shown(administrator, colleague):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        password_step(Client(), colleague.email, password="wrong password")
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(dt.UTC) - settings.AXES_COOLOFF_TIME - dt.timedelta(minutes=1)
    )

    assert not selectors.staff_get_for_admin(administrator, colleague.pk).locked_out


def test_only_the_councils_approved_organisations_are_offered(
    administrator, council, council_organisation, other_council_organisation
):
    pending = OrganisationFactory(local_authority=council, status=Organisation.Status.PENDING)

    offered = set(selectors.organisations_for_admin(administrator))

    assert council_organisation in offered
    assert other_council_organisation not in offered
    assert pending not in offered
