"""An approved rectification corrects the person's details through the shared record's own
service: only the fields the decision approved, audited by field name, never by value."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from familyhub.audit.models import AuditEvent
from familyhub.dataprotection.models import DataProtectionRequest
from familyhub.dataprotection.services import dp_request_decide, rectification_apply
from tests.dataprotection_factories import RectificationRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(household, data_protection_officer) -> DataProtectionRequest:
    dp_request = RectificationRequestFactory(
        person=household.amina, recorded_by=data_protection_officer
    )
    return dp_request_decide(
        dp_request=dp_request,
        approve=True,
        reason="Her birth certificate shows the right date.",
        approved_fields=["date_of_birth", "given_name"],
        by=data_protection_officer,
    )


def _audit_text() -> str:
    return json.dumps(list(AuditEvent.objects.values("reason", "details")), default=str)


def test_the_approved_details_are_corrected_and_audited_by_field_name_only(
    officer_client, approved, household
):
    response = officer_client.post(
        reverse("dataprotection:rectify", args=[approved.pk]),
        {"date_of_birth": "4/7/1991", "given_name": "Aminah"},
    )

    assert response.status_code == 302
    household.amina.refresh_from_db()
    assert household.amina.date_of_birth == dt.date(1991, 7, 4)
    assert household.amina.given_name == "Aminah"
    person_event = AuditEvent.objects.get(
        action=AuditEvent.Action.CHANGE, record_type="families.person"
    )
    assert person_event.details == {
        "fields": ["date_of_birth", "given_name"],
        "source": f"dataprotection.dataprotectionrequest:{approved.pk}",
    }
    request_event = AuditEvent.objects.get(
        action=AuditEvent.Action.CHANGE, record_id=str(approved.pk), details__has_key="corrected"
    )
    assert request_event.details["corrected"] == ["date_of_birth", "given_name"]
    trail = _audit_text()
    for value in ("1991-07-04", "1990-03-14", "Aminah", "04/07/1991", "14/03/1990"):
        assert value not in trail


def test_the_form_offers_only_the_approved_fields(officer_client, approved):
    page = officer_client.get(reverse("dataprotection:rectify", args=[approved.pk]))

    html = page.content.decode()
    assert 'name="date_of_birth"' in html and 'name="given_name"' in html
    assert 'name="family_name"' not in html and 'name="nhs_number"' not in html


def test_a_field_not_approved_is_not_changed_even_if_posted(officer_client, approved, household):
    officer_client.post(
        reverse("dataprotection:rectify", args=[approved.pk]),
        {"date_of_birth": "14/3/1990", "given_name": "Amina", "family_name": "Someone Else"},
    )

    household.amina.refresh_from_db()
    assert household.amina.family_name == "Khan"


def test_the_service_refuses_a_field_the_decision_did_not_approve(
    approved, household, data_protection_officer
):
    with pytest.raises(ValidationError):
        rectification_apply(
            dp_request=approved, changes={"family_name": "Smith"}, by=data_protection_officer
        )

    household.amina.refresh_from_db()
    assert household.amina.family_name == "Khan"


def test_nothing_is_corrected_before_the_request_is_approved(officer_client, household):
    received = RectificationRequestFactory(person=household.amina)

    response = officer_client.post(
        reverse("dataprotection:rectify", args=[received.pk]), {"given_name": "Other"}
    )

    assert response.status_code == 403
    household.amina.refresh_from_db()
    assert household.amina.given_name == "Amina"


def test_approving_a_rectification_needs_the_fields_it_allows(officer_client, household):
    received = RectificationRequestFactory(person=household.amina)

    response = officer_client.post(
        reverse("dataprotection:decide", args=[received.pk]), {"decision": "approve"}
    )

    assert "Select the details that may be corrected" in response.content.decode()
    received.refresh_from_db()
    assert received.status == DataProtectionRequest.Status.RECEIVED


def test_a_corrected_request_is_marked_carried_out(officer_client, approved):
    officer_client.post(reverse("dataprotection:complete", args=[approved.pk]))

    approved.refresh_from_db()
    assert approved.status == DataProtectionRequest.Status.CARRIED_OUT
    response = officer_client.get(reverse("dataprotection:rectify", args=[approved.pk]))
    assert response.status_code == 403
