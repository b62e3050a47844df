"""The register of requests: recorded from a search for whom they are about, due one calendar
month after receipt, and flagged when overdue."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.audit.models import AuditEvent
from familyhub.dataprotection.models import DataProtectionRequest
from familyhub.dataprotection.rules import is_overdue, statutory_due_date
from familyhub.frontdoor.models import SupportRequest
from tests.dataprotection_factories import ErasureRequestFactory, SubjectAccessRequestFactory
from tests.families_factories import PersonFactory
from tests.frontdoor_factories import SubmittedRequestFactory

pytestmark = pytest.mark.django_db

REGISTER = reverse("dataprotection:register")


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2026, 3, 10), dt.date(2026, 4, 10)),  # a Tuesday to a Friday
        (dt.date(2026, 1, 31), dt.date(2026, 3, 2)),  # no 31 February: the 28th, a Saturday
        (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),  # a leap year's last day, a Tuesday
        (dt.date(2026, 12, 15), dt.date(2027, 1, 15)),  # into the next year
        (dt.date(2026, 3, 3), dt.date(2026, 4, 3)),  # Good Friday stays: no bank holidays known
        (dt.date(2026, 6, 13), dt.date(2026, 7, 13)),  # the 13th of July is a Monday
        (dt.date(2026, 6, 11), dt.date(2026, 7, 13)),  # 11 July is a Saturday: the Monday
    ],
)
def test_a_request_is_due_one_calendar_month_after_receipt_on_a_weekday(received, due):
    assert statutory_due_date(received) == due


def test_an_open_request_past_its_due_date_is_overdue_and_a_finished_one_is_not():
    today = timezone.localdate()
    late = SubjectAccessRequestFactory(received_on=today - dt.timedelta(days=40))
    on_time = SubjectAccessRequestFactory(received_on=today - dt.timedelta(days=10))
    late_but_refused = SubjectAccessRequestFactory(
        received_on=today - dt.timedelta(days=40), status=DataProtectionRequest.Status.REFUSED
    )
    late_but_approved = SubjectAccessRequestFactory(
        approved=True, received_on=today - dt.timedelta(days=40)
    )

    assert is_overdue(late, today=today)
    assert is_overdue(late_but_approved, today=today)
    assert not is_overdue(on_time, today=today)
    assert not is_overdue(late_but_refused, today=today)
    assert not is_overdue(late, today=late.due_on)  # due today is not late yet


def test_the_register_lists_the_councils_requests_soonest_due_first_with_overdue_flagged(
    officer_client, council
):
    today = timezone.localdate()
    late = SubjectAccessRequestFactory(
        person=PersonFactory(local_authority=council, given_name="Late", family_name="Lewis"),
        received_on=today - dt.timedelta(days=45),
    )
    SubjectAccessRequestFactory(
        person=PersonFactory(local_authority=council, given_name="Fresh", family_name="Fox"),
        received_on=today,
    )

    page = officer_client.get(REGISTER).content.decode()

    assert page.index("Late Lewis") < page.index("Fresh Fox")
    assert page.count("Overdue") == 1
    assert late.due_on.strftime("%-d %b %Y") in page


def test_the_officer_finds_the_person_and_records_a_request_due_a_month_later(
    officer_client, data_protection_officer, council
):
    person = PersonFactory(local_authority=council, given_name="Amina", family_name="Begum")
    PersonFactory(local_authority=council, given_name="Bilal", family_name="Begum")

    found = officer_client.get(reverse("dataprotection:search"), {"q": "amina begum"})
    assert reverse("dataprotection:new-for-person", args=[person.pk]) in found.content.decode()
    assert "Bilal" not in found.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.SEARCH_HIT, record_id=str(person.pk), actor=data_protection_officer
    ).exists()

    response = officer_client.post(
        reverse("dataprotection:new-for-person", args=[person.pk]),
        {
            "kind": DataProtectionRequest.Kind.SUBJECT_ACCESS,
            "requester_name": "Amina Begum",
            "requester_relationship": "Themselves",
            "identity_check": DataProtectionRequest.IdentityCheck.PHOTO_ID,
            "received_on": "31/1/2026",
        },
    )

    dp_request = DataProtectionRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dataprotection:detail", args=[dp_request.pk])
    assert (dp_request.person, dp_request.local_authority) == (person, council)
    assert dp_request.status == DataProtectionRequest.Status.RECEIVED
    assert dp_request.due_on == dt.date(2026, 3, 2)
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, record_id=str(dp_request.pk)
    ).exists()


def test_a_request_can_be_about_a_front_door_request_in_no_record(officer_client, council):
    in_no_record = SubmittedRequestFactory(
        local_authority=council, parent_name="Hodan", family_name="Ali"
    )
    draft = SubmittedRequestFactory(
        local_authority=council,
        parent_name="Hodan",
        family_name="Ali",
        status=SupportRequest.Status.DRAFT,
    )

    page = officer_client.get(reverse("dataprotection:search"), {"q": "Hodan"}).content.decode()

    assert in_no_record.reference in page
    assert draft.reference not in page  # a draft is the family's until they send it
    response = officer_client.post(
        reverse("dataprotection:new-for-front-door", args=[in_no_record.pk]),
        {
            "kind": DataProtectionRequest.Kind.ERASURE,
            "requester_name": "Hodan Ali",
            "identity_check": DataProtectionRequest.IdentityCheck.DOCUMENTS,
            "received_on": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    assert DataProtectionRequest.objects.get().support_request == in_no_record
    draft_page = reverse("dataprotection:new-for-front-door", args=[draft.pk])
    assert officer_client.get(draft_page).status_code == 404


def test_a_request_needs_who_asked_how_they_were_checked_and_a_real_past_date(
    officer_client, council
):
    person = PersonFactory(local_authority=council)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = officer_client.post(
        reverse("dataprotection:new-for-person", args=[person.pk]),
        {"kind": "erasure", "requester_name": "", "received_on": tomorrow.strftime("%d/%m/%Y")},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter who asked" in page
    assert "Select how their identity was checked" in page
    assert "The date received must be today or in the past" in page
    assert not DataProtectionRequest.objects.exists()


def test_a_refusal_needs_a_reason_and_is_recorded_with_it(officer_client, council):
    dp_request = ErasureRequestFactory(person__local_authority=council)

    without = officer_client.post(
        reverse("dataprotection:decide", args=[dp_request.pk]), {"decision": "refuse"}
    )
    assert "Enter why the request is refused" in without.content.decode()

    officer_client.post(
        reverse("dataprotection:decide", args=[dp_request.pk]),
        {"decision": "refuse", "reason": "Manifestly unfounded: a repeat of last week's request."},
    )
    dp_request.refresh_from_db()
    assert dp_request.status == DataProtectionRequest.Status.REFUSED
    assert dp_request.decision_reason.startswith("Manifestly unfounded")
    event = AuditEvent.objects.get(record_id=str(dp_request.pk), action=AuditEvent.Action.CHANGE)
    assert event.details["decision"] == DataProtectionRequest.Status.REFUSED


def test_a_request_outlives_the_person_it_was_about_when_retention_removes_them(
    officer_client, council
):
    """The retention purge may delete a person with their closed episode: the council's record
    of the request stays, and neither blocks the purge nor points at anybody else."""
    person = PersonFactory(local_authority=council, given_name="Gone", family_name="Away")
    dp_request = SubjectAccessRequestFactory(person=person, approved=True)
    SubmittedRequestFactory(local_authority=council)  # its people are linked to no record

    person.delete()

    dp_request.refresh_from_db()
    assert dp_request.person is None
    assert "No longer held" in officer_client.get(REGISTER).content.decode()
    copy = officer_client.get(reverse("dataprotection:subject-access", args=[dp_request.pk]))
    assert copy.status_code == 200
    assert "Nothing is held." in copy.content.decode()
    assert "struggling with our toddler" not in copy.content.decode()  # nobody else's request
