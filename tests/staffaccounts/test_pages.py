"""The staff accounts pages: administrators only, each limited to their own council's staff,
never cached, and the invitation form gives nothing away about other councils' accounts."""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyhub.accounts.models import Membership, Role, User
from tests.accounts.helpers import sign_in_verified, totp_device
from tests.factories import MembershipFactory, StaffFactory
from tests.staffaccounts.conftest import CommittingClient

pytestmark = pytest.mark.django_db

LIST = reverse("staffaccounts:list")

# Written out here, not read from the code under test: who may run staff accounts.
ALLOWED = {
    Role.DIRECTORY_EDITOR: False,
    Role.DIRECTORY_MANAGER: False,
    Role.TRIAGE: False,
    Role.LEAD_PROFESSIONAL: False,
    Role.PRACTITIONER: False,
    Role.LOCALITY_MANAGER: False,
    Role.DATA_ANALYST: False,
    Role.DATA_PROTECTION_OFFICER: False,
    Role.ADMINISTRATOR: True,
    Role.SOCIAL_WORKER: False,
}


def signed_in(user) -> Client:
    client = CommittingClient()
    sign_in_verified(client, user)
    return client


def url(name: str, user: User, *args) -> str:
    return reverse(f"staffaccounts:{name}", args=[user.pk, *args])


def invited(organisation) -> User:
    """Someone invited who has not set a password yet."""
    user = StaffFactory(organisation=organisation, role=Role.TRIAGE)
    user.set_unusable_password()
    user.save()
    return user


def locked_out(user) -> None:
    AccessAttempt.objects.create(
        username=user.email,
        ip_address="10.0.0.7",
        user_agent="test",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )


@dataclass
class Post:
    """A change a page sends: its address, its form, and whether it happened."""

    url: str
    data: dict
    happened: Callable[[], bool]


def posts(member: User, organisation, other_organisation) -> dict[str, Post]:
    """Every POST of the staff accounts pages, against `member` of the administrator's council."""
    extra = MembershipFactory(user=member, organisation=other_organisation, role=Role.PRACTITIONER)
    leaver = StaffFactory(organisation=organisation, role=Role.TRIAGE, is_active=False)
    newcomer = invited(organisation)
    totp_device(member)
    locked_out(member)
    return {
        "invite": Post(
            reverse("staffaccounts:invite"),
            {
                "full_name": "Amina Khan",
                "email": "amina.khan@example.org",
                "organisation": organisation.pk,
                "roles": [Role.TRIAGE],
            },
            lambda: User.objects.filter(email="amina.khan@example.org").exists(),
        ),
        "membership-add": Post(
            url("membership-add", member),
            {"organisation": organisation.pk, "roles": [Role.TRIAGE]},
            lambda: member.memberships.filter(organisation=organisation, role=Role.TRIAGE).exists(),
        ),
        "membership-remove": Post(
            url("membership-remove", member, extra.pk),
            {},
            lambda: not Membership.objects.filter(pk=extra.pk).exists(),
        ),
        "invitation-resend": Post(
            url("invitation-resend", newcomer), {}, lambda: len(mail.outbox) == 1
        ),
        "deactivate": Post(
            url("deactivate", member),
            {"reason": "Left the council"},
            lambda: not User.objects.get(pk=member.pk).is_active,
        ),
        "reactivate": Post(
            url("reactivate", leaver), {}, lambda: User.objects.get(pk=leaver.pk).is_active
        ),
        "authenticator-reset": Post(
            url("authenticator-reset", member),
            {"reason": "Phone lost"},
            lambda: not TOTPDevice.objects.filter(user=member).exists(),
        ),
        "lockout-lift": Post(
            url("lockout-lift", member),
            {},
            lambda: not AccessAttempt.objects.filter(username=member.email).exists(),
        ),
    }


POSTS = [
    "invite",
    "membership-add",
    "membership-remove",
    "invitation-resend",
    "deactivate",
    "reactivate",
    "authenticator-reset",
    "lockout-lift",
]
PAGES = ["list", "invite", "detail", "deactivate", "authenticator-reset"]


def page_url(name: str, member: User) -> str:
    if name in ("list", "invite"):
        return reverse(f"staffaccounts:{name}")
    return url(name, member)


def test_every_role_is_checked():
    assert set(ALLOWED) == set(Role)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("role", "allowed"), ALLOWED.items())
def test_only_administrators_see_the_pages(page, role, allowed, staff_in_every_role, colleague):
    response = signed_in(staff_in_every_role[role]).get(page_url(page, colleague))

    assert response.status_code == (200 if allowed else 403)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("change", POSTS)
@pytest.mark.parametrize(("role", "allowed"), ALLOWED.items())
def test_only_administrators_change_accounts(
    change,
    role,
    allowed,
    staff_in_every_role,
    colleague,
    council_organisation,
    partner_organisation,
):
    post = posts(colleague, council_organisation, partner_organisation)[change]

    response = signed_in(staff_in_every_role[role]).post(post.url, post.data)

    assert response.status_code == (302 if allowed else 403)
    assert post.happened() is allowed


@pytest.mark.parametrize("page", PAGES)
def test_someone_not_signed_in_is_sent_to_sign_in(page, colleague):
    response = Client().get(page_url(page, colleague))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize("change", POSTS)
def test_someone_not_signed_in_changes_nothing(
    change, colleague, council_organisation, partner_organisation
):
    post = posts(colleague, council_organisation, partner_organisation)[change]

    response = Client().post(post.url, post.data)

    assert response.status_code == 302
    assert not post.happened()


# Each council's own


@pytest.mark.parametrize("page", ["detail", "deactivate", "authenticator-reset"])
def test_another_councils_staff_are_not_found(page, administrator, stranger):
    response = signed_in(administrator).get(url(page, stranger))

    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("change", [c for c in POSTS if c != "invite"])
def test_another_councils_staff_cannot_be_changed(
    change, administrator, stranger, other_council_organisation, other_administrator
):
    # The same changes, against a member of the other council's staff, by our administrator.
    post = posts(stranger, other_council_organisation, other_council_organisation)[change]
    client = signed_in(administrator)
    before = (
        list(Membership.objects.values_list("pk", "role").order_by("pk")),
        list(User.objects.values_list("pk", "is_active").order_by("pk")),
        TOTPDevice.objects.count(),
        AccessAttempt.objects.count(),
    )

    response = client.post(post.url, post.data)

    assert response.status_code == 404
    assert (
        list(Membership.objects.values_list("pk", "role").order_by("pk")),
        list(User.objects.values_list("pk", "is_active").order_by("pk")),
        TOTPDevice.objects.count(),
        AccessAttempt.objects.count(),
    ) == before
    assert mail.outbox == []


def test_the_list_shows_the_councils_staff_only(administrator, colleague, stranger):
    page = signed_in(administrator).get(LIST).content.decode()

    assert colleague.email in page and "Health visiting" in page
    assert stranger.email not in page


def test_a_membership_elsewhere_is_not_shown(administrator, colleague, other_council_organisation):
    MembershipFactory(user=colleague, organisation=other_council_organisation, role=Role.TRIAGE)

    page = signed_in(administrator).get(url("detail", colleague)).content.decode()

    assert "Hackney Early Help" not in page
    assert "also works for another council" in page


def row_of(page: str, email: str) -> str:
    [row] = [row for row in page.split('<tr class="govuk-table__row">') if email in row]
    return row


def test_the_list_says_who_is_invited_locked_out_or_without_an_app(
    administrator, colleague, council_organisation
):
    newcomer = invited(council_organisation)
    locked_out(colleague)
    totp_device(colleague)

    page = signed_in(administrator).get(LIST).content.decode()

    newcomer_row, colleague_row = (row_of(page, user.email) for user in (newcomer, colleague))
    assert "Invited" in newcomer_row and "No authenticator app" in newcomer_row
    assert "Locked out" in colleague_row and "Authenticator app set up" in colleague_row
    assert "Locked out" not in newcomer_row


def test_search_by_name_or_email(administrator, colleague, council_organisation):
    StaffFactory(organisation=council_organisation, first_name="Jo", last_name="Smith")
    client = signed_in(administrator)

    by_name = client.get(LIST, {"q": "rukhsana ahm"}).content.decode()
    by_email = client.get(LIST, {"q": "RUKHSANA.AHMED@"}).content.decode()

    for page in (by_name, by_email):
        assert colleague.email in page and "Jo Smith" not in page


def test_the_list_is_paginated(administrator, council_organisation):
    for n in range(30):
        StaffFactory(
            organisation=council_organisation,
            last_name=f"Zz{n:02d}",
            email=f"zz{n:02d}@example.org",
        )
    client = signed_in(administrator)

    first = client.get(LIST).content.decode()
    second = client.get(LIST, {"page": 2}).content.decode()

    assert "zz29@example.org" not in first and "zz29@example.org" in second
    assert 'rel="next"' in first


def test_an_overlong_search_is_a_form_error(administrator):
    response = signed_in(administrator).get(LIST, {"q": "x" * 201})

    assert response.status_code == 200
    assert "Search must be 200 characters or fewer" in response.content.decode()


# Inviting: what the form says


def invite_form(**changes) -> dict:
    return {
        "full_name": "Amina Khan",
        "email": "amina.khan@example.org",
        "roles": [Role.TRIAGE],
        **changes,
    }


def test_inviting_from_the_page_emails_the_link_and_shows_the_account(
    administrator, council_organisation
):
    response = signed_in(administrator).post(
        reverse("staffaccounts:invite"), invite_form(organisation=council_organisation.pk)
    )

    user = User.objects.get(email="amina.khan@example.org")
    assert response["Location"] == url("detail", user)
    assert mail.outbox[-1].to == ["amina.khan@example.org"]


def test_an_address_elsewhere_gets_one_plain_error_whatever_the_account(
    administrator, council_organisation, other_council_organisation
):
    """Another council's active member of staff, a deactivated one, one never signed in and one
    with another role: the page says the same for each, and nothing about them."""
    others = [
        StaffFactory(organisation=other_council_organisation, role=Role.LEAD_PROFESSIONAL),
        StaffFactory(organisation=other_council_organisation, role=Role.TRIAGE, is_active=False),
        invited(other_council_organisation),
        StaffFactory(organisation=other_council_organisation, role=Role.ADMINISTRATOR),
    ]
    client = signed_in(administrator)

    pages = []
    for other in others:
        response = client.post(
            reverse("staffaccounts:invite"),
            invite_form(email=other.email, organisation=council_organisation.pk),
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "This email address cannot be invited here; contact the service desk" in page
        for detail in (other.first_name, other.last_name, "Hackney"):
            assert detail not in page
        pages.append(page.replace(other.email, "EMAIL"))
    csrf_free = [re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", p) for p in pages]
    assert len(set(csrf_free)) == 1
    assert not Membership.objects.filter(
        organisation=council_organisation, user__in=others
    ).exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("full_name", "x" * 151, "Full name must be 150 characters or fewer"),
        ("email", "x" * 250 + "@example.org", "Email address must be 254 characters or fewer"),
        ("roles", [], "Select at least one role"),
    ],
)
def test_the_invitation_form_checks_its_fields(
    field, value, error, administrator, council_organisation
):
    response = signed_in(administrator).post(
        reverse("staffaccounts:invite"),
        invite_form(organisation=council_organisation.pk, **{field: value}),
    )

    assert error in response.content.decode()
    assert not User.objects.filter(first_name="Amina").exists()


def test_an_organisation_of_another_council_cannot_be_chosen(
    administrator, other_council_organisation
):
    response = signed_in(administrator).post(
        reverse("staffaccounts:invite"), invite_form(organisation=other_council_organisation.pk)
    )

    assert "Choose an organisation of your council" in response.content.decode()
    assert not User.objects.filter(email="amina.khan@example.org").exists()


# Refusals on the page


def test_the_last_administrator_is_told_why_their_role_stays(administrator, council_organisation):
    MembershipFactory(user=administrator, organisation=council_organisation, role=Role.TRIAGE)
    own = administrator.memberships.get(role=Role.ADMINISTRATOR)
    client = signed_in(administrator)

    response = client.post(url("membership-remove", administrator, own.pk), follow=True)

    assert "last administrator" in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()


def test_the_confirmation_pages_ask_for_a_reason(administrator, colleague):
    totp_device(colleague)
    client = signed_in(administrator)

    for name in ("deactivate", "authenticator-reset"):
        response = client.post(url(name, colleague), {"reason": ""})
        assert response.status_code == 200
        assert "Error:" in response.content.decode()
        too_long = client.post(url(name, colleague), {"reason": "x" * 1001})
        assert "The reason must be 1000 characters or fewer" in too_long.content.decode()
    colleague.refresh_from_db()
    assert colleague.is_active and TOTPDevice.objects.filter(user=colleague).exists()


def test_the_deactivation_page_says_casework_is_not_handed_over(administrator, colleague):
    page = signed_in(administrator).get(url("deactivate", colleague)).content.decode()

    assert "Deactivating does not hand over their work" in page


# Finding the pages


def test_the_menu_offers_staff_accounts_to_administrators_only(administrator, locality_manager):
    landing = resolve_url(settings.LOGIN_REDIRECT_URL)

    assert f'href="{LIST}"' in signed_in(administrator).get(landing).content.decode()
    assert f'href="{LIST}"' not in signed_in(locality_manager).get(landing).content.decode()
