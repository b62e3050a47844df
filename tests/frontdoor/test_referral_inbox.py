"""A service's inbox of referrals: opened, accepted or declined with a reason, completed with an
outcome; each step one service call with its history, audit event and email to the referrer,
and each step shown to the referrer. Who may see the inbox is tests/access/test_referrals_matrix.py.
"""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from familyhub.accounts.models import Role, Sector
from familyhub.audit.models import AuditEvent
from familyhub.frontdoor.models import ReferralAnswer, SupportRequest
from familyhub.frontdoor.referrals import rules, services
from familyhub.frontdoor.referrals.selectors import received_counts
from tests.accounts.helpers import sign_in_verified
from tests.factories import MembershipFactory, OrganisationFactory, ServiceFactory
from tests.frontdoor.test_referrals import referral_answers
from tests.frontdoor_factories import ServiceReferralFactory

pytestmark = pytest.mark.usefixtures("postcodes")

Answer = SupportRequest.Answer


@pytest.fixture
def school(council):
    return OrganisationFactory(name="Marner Primary", sector=Sector.SCHOOL, local_authority=council)


@pytest.fixture
def teacher(school):
    return MembershipFactory(organisation=school, role=Role.PRACTITIONER).user


@pytest.fixture
def charity(council):
    return OrganisationFactory(name="Parents Together", local_authority=council)


@pytest.fixture
def parenting_group(charity):
    return ServiceFactory(name="Parenting group", organisation=charity, accepts_referrals=True)


@pytest.fixture
def charity_worker(charity):
    return MembershipFactory(organisation=charity, role=Role.PRACTITIONER).user


@pytest.fixture
def referral(council, teacher, parenting_group):
    return ServiceReferralFactory(
        local_authority=council, referrer=teacher, service=parenting_group, parent_name="Amina"
    )


def test_a_referral_to_a_service_starts_new_with_its_first_step(teacher, school, parenting_group):
    client = Client()
    sign_in_verified(client, teacher)
    answers = referral_answers(destination="service", service=str(parenting_group.pk))
    client.post(reverse("referrals:new"), answers)

    referral = SupportRequest.objects.get(submission_key=answers["submission_key"])
    assert referral.answer == Answer.NEW
    [step] = referral.answers.all()
    assert (step.answer, step.by) == (Answer.NEW, teacher)


def test_the_whole_journey_tells_the_referrer_each_step_without_family_details(
    referral, charity_worker, teacher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_open(referral=referral, by=charity_worker)
        services.referral_accept(referral=referral, by=charity_worker)
        services.referral_complete(
            referral=referral, by=charity_worker, outcome="Came to six sessions"
        )

    referral.refresh_from_db()
    assert referral.answer == Answer.COMPLETED
    steps = list(referral.answers.values_list("answer", "by", "note"))
    assert steps == [
        (Answer.OPENED, charity_worker.pk, ""),
        (Answer.ACCEPTED, charity_worker.pk, ""),
        (Answer.COMPLETED, charity_worker.pk, "Came to six sessions"),
    ]
    assert len(mail.outbox) == 3
    assert {m.to[0] for m in mail.outbox} == {teacher.email}
    last = mail.outbox[-1]
    assert referral.reference in last.subject and "completed" in last.subject
    assert f"http://testserver/staff/referrals/{referral.pk}" in last.body
    for message in mail.outbox:
        # The family's names, worries and the outcome stay behind sign-in.
        text = message.subject + message.body
        assert "Amina" not in text and "Came to six sessions" not in text
        assert referral.worries not in text
    changes = AuditEvent.objects.filter(action=AuditEvent.Action.CHANGE, record_id=referral.pk)
    assert [e.details["referral_answer"] for e in changes.order_by("pk")] == [
        "opened",
        "accepted",
        "completed",
    ]


def test_a_decline_keeps_its_reason_in_the_history_and_the_audit_trail(referral, charity_worker):
    services.referral_open(referral=referral, by=charity_worker)
    services.referral_decline(referral=referral, by=charity_worker, reason="Group is full")

    referral.refresh_from_db()
    assert referral.answer == Answer.DECLINED
    assert referral.answers.last().note == "Group is full"
    event = AuditEvent.objects.filter(action=AuditEvent.Action.CHANGE).latest("pk")
    assert (event.reason, event.details["from"]) == ("Group is full", "opened")


@pytest.mark.parametrize(
    ("start", "step"),
    [
        (Answer.NEW, "referral_accept"),  # not opened yet
        (Answer.OPENED, "referral_complete"),  # never accepted
        (Answer.DECLINED, "referral_accept"),  # somebody declined first
        (Answer.COMPLETED, "referral_open"),
    ],
)
def test_a_step_out_of_order_is_refused_and_changes_nothing(referral, charity_worker, start, step):
    SupportRequest.objects.filter(pk=referral.pk).update(answer=start)
    referral.refresh_from_db()
    extra = {"outcome": "x"} if step == "referral_complete" else {}

    with pytest.raises(services.AnswerNotAllowed):
        getattr(services, step)(referral=referral, by=charity_worker, **extra)

    referral.refresh_from_db()
    assert referral.answer == start
    assert not ReferralAnswer.objects.filter(request=referral).exists()


def test_a_second_click_on_the_same_answer_changes_nothing_more(referral, charity_worker):
    services.referral_open(referral=referral, by=charity_worker)
    services.referral_open(referral=referral, by=charity_worker)
    assert referral.answers.count() == 1


def test_only_the_receiving_organisations_staff_may_answer(referral, teacher):
    with pytest.raises(PermissionDenied):
        services.referral_open(referral=referral, by=teacher)
    referral.refresh_from_db()
    assert referral.answer == Answer.NEW


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.DIRECTORY_EDITOR, True),
        (Role.PRACTITIONER, True),
        (Role.LEAD_PROFESSIONAL, True),
        (Role.DIRECTORY_MANAGER, False),
        (Role.TRIAGE, False),
        (Role.LOCALITY_MANAGER, False),
        (Role.DATA_ANALYST, False),
        (Role.DATA_PROTECTION_OFFICER, False),
        (Role.ADMINISTRATOR, False),
    ],
)
def test_who_may_answer_for_an_organisation(charity, school, role, allowed):
    user = MembershipFactory(organisation=charity, role=role).user
    assert rules.may_answer_referrals_for(user, charity) is allowed
    assert rules.may_answer_referrals_for(user, school) is False


def test_the_inbox_lists_new_first_with_counts_by_state(
    council, teacher, parenting_group, charity_worker
):
    older_new = ServiceReferralFactory(
        local_authority=council, referrer=teacher, service=parenting_group, hours_ago=50
    )
    accepted = ServiceReferralFactory(
        local_authority=council, referrer=teacher, service=parenting_group, hours_ago=1
    )
    services.referral_open(referral=accepted, by=charity_worker)
    services.referral_accept(referral=accepted, by=charity_worker)
    newest_new = ServiceReferralFactory(
        local_authority=council, referrer=teacher, service=parenting_group, hours_ago=2
    )
    client = Client()
    sign_in_verified(client, charity_worker)

    response = client.get(reverse("referrals:received"))

    rows = [referral for referral, _names in response.context["rows"]]
    assert rows == [newest_new, older_new, accepted]
    assert response.context["counts"] == [
        ("New", 2),
        ("Opened", 0),
        ("Accepted", 1),
        ("Declined", 0),
        ("Completed", 0),
    ]
    assert received_counts([charity_worker.memberships.get().organisation_id])[0] == ("New", 2)


def test_a_new_referral_hides_the_familys_details_until_opened(referral, charity_worker):
    client = Client()
    sign_in_verified(client, charity_worker)
    detail = reverse("referrals:received-detail", args=[referral.pk])

    before = client.get(detail).content.decode()
    assert "Amina" not in before and referral.phone not in before
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()
    referral.refresh_from_db()
    assert referral.answer == Answer.NEW  # a GET changes nothing

    client.post(reverse("referrals:received-open", args=[referral.pk]))
    after = client.get(detail).content.decode()
    assert "Amina" in after and referral.phone in after
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, record_id=referral.pk).exists()


def test_declining_needs_a_reason_of_at_most_1000_characters(referral, charity_worker):
    services.referral_open(referral=referral, by=charity_worker)
    client = Client()
    sign_in_verified(client, charity_worker)
    url = reverse("referrals:received-decline", args=[referral.pk])

    empty = client.post(url, {"reason": ""})
    too_long = client.post(url, {"reason": "x" * 1001})

    assert "Say why you are declining this referral" in empty.content.decode()
    assert "1,000 characters or fewer" in too_long.content.decode()
    referral.refresh_from_db()
    assert referral.answer == Answer.OPENED


def test_the_referrer_sees_each_answer_with_its_reason_or_outcome(
    referral, charity_worker, teacher
):
    client = Client()
    sign_in_verified(client, charity_worker)
    client.post(reverse("referrals:received-open", args=[referral.pk]))
    client.post(reverse("referrals:received-accept", args=[referral.pk]))
    client.post(
        reverse("referrals:received-complete", args=[referral.pk]),
        {"outcome": "Came to six sessions"},
    )

    referrer = Client()
    sign_in_verified(referrer, teacher)
    listed = referrer.get(reverse("referrals:list")).content.decode()
    detail = referrer.get(reverse("referrals:detail", args=[referral.pk])).content.decode()

    assert "Completed" in listed
    assert "Accepted" in detail and "Completed" in detail
    assert "Came to six sessions" in detail
