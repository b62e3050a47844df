"""Each answer of the receiving service is a notice to the referrer (on their notifications page
and by email, the one email of that answer), linking to their referral's page, naming the
service and the reference only."""

import pytest
from django.core import mail

from familyhub.accounts.models import Role
from familyhub.frontdoor.referrals import services
from familyhub.notifications.models import Message, Notice
from tests.factories import MembershipFactory, OrganisationFactory, ServiceFactory
from tests.frontdoor_factories import ServiceReferralFactory

pytestmark = pytest.mark.usefixtures("postcodes")


@pytest.fixture
def charity(council):
    return OrganisationFactory(name="Parents Together", local_authority=council)


@pytest.fixture
def charity_worker(charity):
    return MembershipFactory(organisation=charity, role=Role.PRACTITIONER).user


@pytest.fixture
def teacher(council):
    school = OrganisationFactory(name="Marner Primary", local_authority=council)
    return MembershipFactory(organisation=school, role=Role.PRACTITIONER).user


@pytest.fixture
def referral(council, teacher, charity):
    group = ServiceFactory(name="Parenting group", organisation=charity, accepts_referrals=True)
    return ServiceReferralFactory(
        local_authority=council, referrer=teacher, service=group, parent_name="Amina"
    )


def test_each_answer_is_one_notice_and_one_email_to_the_referrer(
    referral, teacher, charity_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_open(referral=referral, by=charity_worker)
        services.referral_accept(referral=referral, by=charity_worker)
        services.referral_accept(referral=referral, by=charity_worker)  # a double click

    notices = list(Notice.objects.order_by("created", "pk"))
    assert [n.recipient for n in notices] == [teacher, teacher]
    assert all(n.kind == Notice.Kind.REFERRAL_ANSWERED for n in notices)
    assert all(n.link == f"/staff/referrals/{referral.pk}" for n in notices)
    assert notices[1].text == f"Parenting group has accepted your referral {referral.reference}"
    assert [m.template for m in Message.objects.all()] == ["notice", "notice"]
    assert [m.to for m in mail.outbox] == [[teacher.email], [teacher.email]]
    assert all("Amina" not in m.body + m.subject for m in mail.outbox)


def test_a_referrer_answering_their_own_referral_is_not_told(referral, charity, teacher):
    MembershipFactory(user=teacher, organisation=charity, role=Role.PRACTITIONER)
    services.referral_open(referral=referral, by=teacher)
    assert not Notice.objects.exists() and not Message.objects.exists()
