"""A signed-in user's memberships are read once per request, however many rules ask, and never
kept from one request to the next: a change of role counts from the next request on."""

import pytest
from django.contrib.auth.models import AnonymousUser

from familyhub.accounts.models import Role
from familyhub.accounts.selectors import memberships_keep_for_request, memberships_of, roles_of
from familyhub.families.rules import casework_organisation_ids, may_override
from tests.accounts.helpers import sign_in_verified
from tests.factories import MembershipFactory, OrganisationFactory
from tests.families_factories import family_with_consent_for

pytestmark = pytest.mark.django_db


def test_outside_a_request_each_question_reads_the_roles_afresh(django_assert_num_queries):
    user = MembershipFactory(role=Role.LEAD_PROFESSIONAL).user
    assert not may_override(user)

    MembershipFactory(user=user, role=Role.TRIAGE)

    with django_assert_num_queries(1):
        assert may_override(user)


def test_within_a_request_the_roles_are_read_once(django_assert_num_queries):
    organisation = OrganisationFactory()
    user = MembershipFactory(role=Role.TRIAGE, organisation=organisation).user
    memberships_keep_for_request(user)

    with django_assert_num_queries(1):
        assert may_override(user)
        assert casework_organisation_ids(user) == [organisation.pk]
        assert roles_of(user) == {Role.TRIAGE}
        assert memberships_of(user)[0].local_authority_id == organisation.local_authority_id


def test_a_request_that_asks_nothing_reads_nothing(django_assert_num_queries):
    user = MembershipFactory(role=Role.TRIAGE).user

    with django_assert_num_queries(0):
        memberships_keep_for_request(user)


def test_someone_not_signed_in_holds_no_role(django_assert_num_queries):
    with django_assert_num_queries(0):
        memberships_keep_for_request(AnonymousUser())
        assert memberships_of(AnonymousUser()) == ()


def test_each_request_reads_the_roles_of_that_moment(client, lead_professional, lead_organisation):
    """A role taken away between two requests is gone on the second: nothing is kept between
    requests (each loads its user afresh)."""
    family = family_with_consent_for(lead_organisation, worker=lead_professional)
    sign_in_verified(client, lead_professional)
    assert client.get(f"/staff/families/{family.pk}/").status_code == 200

    lead_professional.memberships.all().delete()

    assert client.get(f"/staff/families/{family.pk}/").status_code == 404
