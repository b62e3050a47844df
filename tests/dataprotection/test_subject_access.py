"""A subject access copy holds everything about the person, of every kind, and who has seen
it; producing it is audited on their household; and it is the officer's only way in."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.audit.models import AuditEvent
from familyhub.dataprotection.models import DataProtectionRequest
from familyhub.dataprotection.selectors import subject_access_report
from familyhub.dataprotection.services import dp_request_decide
from tests.dataprotection.conftest import AMINA_NHS_NUMBER
from tests.dataprotection_factories import SubjectAccessRequestFactory
from tests.frontdoor_factories import SubmittedRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(household, data_protection_officer) -> DataProtectionRequest:
    dp_request = SubjectAccessRequestFactory(
        person=household.amina, recorded_by=data_protection_officer
    )
    return dp_request_decide(
        dp_request=dp_request, approve=True, reason="", by=data_protection_officer
    )


def _values(report) -> dict[str, str]:
    """{section title: everything in it, as one text}."""
    return {
        section.title: " | ".join(
            f"{label}: {value}" for entry in section.entries for label, value in entry.items()
        )
        for section in report.sections
    }


def test_the_copy_holds_every_kind_of_data_about_the_person(approved, household, lead_professional):
    sections = _values(subject_access_report(approved, today=timezone.localdate()))

    assert "First name: Amina" in sections["Your details"]
    assert f"Nhs number: {AMINA_NHS_NUMBER}" in sections["Your details"]
    assert "Date of birth: 14/03/1990" in sections["Your details"]
    assert household.family.reference in sections["Households you are in"]
    assert "12 Example Street" in sections["Households you are in"]
    assert "Health visiting" in sections["Organisations working with your household"]
    assert "To plan early help together" in sections["Consent to share"]
    chronology = sections["Events recorded in the chronology"]
    assert "Amina said she has felt low since the winter" in chronology
    assert "Zara started at the nursery" not in chronology  # Zara's, not Amina's
    assert "Our flat is damp and the children keep coughing." in sections["Requests for help"]
    assert "Someone to talk to the landlord with me." in sections["Requests for help"]
    assert "amina.khan@example.org" in sections["Requests for help"]
    assert "Zara falls asleep in class." in sections["Referrals"]
    assert "Bright Start Primary School" in sections["Referrals"]
    assert "Open" in sections["Early help"]
    assert "We want a warm, dry home." in sections["Early Help Assessments"]
    assert "Get the damp in the flat fixed" in sections["Family plans"]
    assert "Write to the landlord about the damp" in sections["Family plans"]
    assert "The landlord has agreed to fix the damp." in sections["Plan reviews"]


def test_the_copy_says_who_has_seen_the_record_with_their_organisation(
    approved, lead_professional, partner_practitioner
):
    viewers = next(
        section
        for section in subject_access_report(approved, today=timezone.localdate()).sections
        if section.title == "Who has seen or changed this information"
    )

    seen = [
        (entry["Who"], entry["Organisation"], entry["What"])
        for entry in viewers.entries
        if entry["Who"] == lead_professional.email
    ]
    assert seen == [(lead_professional.email, "Health visiting", "Viewed")]
    assert partner_practitioner.email not in {entry["Who"] for entry in viewers.entries}


def test_the_printable_copy_is_audited_as_an_export_of_the_household(
    officer_client, approved, household, data_protection_officer
):
    response = officer_client.get(reverse("dataprotection:subject-access", args=[approved.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Copy of the data held about Amina Khan" in page
    assert "Our flat is damp and the children keep coughing." in page
    assert lead_professional_seen_in(page)
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.family_id, event.actor, event.record_type) == (
        household.family.pk,
        data_protection_officer,
        "families.family",
    )
    assert event.details == {
        "data_protection_request": str(approved.pk),
        "format": "html",
        "person": str(household.amina.pk),
    }
    # The export is itself among who has seen the record, the next time a copy is made.
    again = officer_client.get(reverse("dataprotection:subject-access", args=[approved.pk]))
    assert "Exported" in again.content.decode()


def lead_professional_seen_in(page: str) -> bool:
    return "Viewed" in page and "Health visiting" in page


def test_the_copy_downloads_as_json_and_as_csv_each_audited(officer_client, approved, household):
    as_json = officer_client.get(
        reverse("dataprotection:subject-access-download", args=[approved.pk, "json"])
    )
    as_csv = officer_client.get(
        reverse("dataprotection:subject-access-download", args=[approved.pk, "csv"])
    )

    assert as_json["Content-Disposition"].startswith('attachment; filename="subject-access-')
    data = json.loads(as_json.content)
    titles = [section["title"] for section in data["sections"]]
    assert "Requests for help" in titles and data["about"] == "Amina Khan"
    rows = list(csv.reader(io.StringIO(as_csv.content.decode())))
    assert rows[0] == ["section", "entry", "item", "value"]
    assert ["Your details", "1", "First name", "Amina"] in rows
    formats = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).values_list(
        "details__format", flat=True
    )
    assert sorted(formats) == ["csv", "json"]
    unknown = reverse("dataprotection:subject-access-download", args=[approved.pk, "xml"])
    assert officer_client.get(unknown).status_code == 404


@pytest.mark.parametrize(
    "state",
    [DataProtectionRequest.Status.RECEIVED, DataProtectionRequest.Status.REFUSED, "carried_out"],
)
def test_no_copy_without_an_approved_open_subject_access_request(officer_client, household, state):
    dp_request = SubjectAccessRequestFactory(person=household.amina, status=state)

    for url in (
        reverse("dataprotection:subject-access", args=[dp_request.pk]),
        reverse("dataprotection:subject-access-download", args=[dp_request.pk, "json"]),
    ):
        assert officer_client.get(url).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_an_approved_erasure_request_gives_no_copy(officer_client, household):
    dp_request = SubjectAccessRequestFactory(
        person=household.amina, approved=True, kind=DataProtectionRequest.Kind.ERASURE
    )

    url = reverse("dataprotection:subject-access", args=[dp_request.pk])
    assert officer_client.get(url).status_code == 403


def test_a_copy_for_a_front_door_request_in_no_record_is_audited_on_the_request(
    officer_client, council
):
    support_request = SubmittedRequestFactory(
        local_authority=council, worries="I cannot pay the electricity bill."
    )
    dp_request = SubjectAccessRequestFactory(
        person=None, support_request=support_request, approved=True
    )

    page = officer_client.get(reverse("dataprotection:subject-access", args=[dp_request.pk]))

    assert "I cannot pay the electricity bill." in page.content.decode()
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.record_type, event.record_id) == (
        "frontdoor.supportrequest",
        str(support_request.pk),
    )
