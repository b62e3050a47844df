"""An approved erasure anonymises what identifies the person and what they wrote, leaves the
audit trail whole (its chain still verifies), records the counts, and is refused while the law
says the records must be kept."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from familyhub.audit.models import AuditEvent
from familyhub.audit.selectors import audit_chain_problems
from familyhub.dataprotection.models import DataProtectionRequest
from familyhub.dataprotection.services import dp_request_decide, erasure_carry_out
from familyhub.families.models import ChronologyEvent, Membership
from familyhub.families.services import chronology_add, family_create, person_add
from familyhub.frontdoor.models import SupportRequest
from tests.casework_factories import ClosedEpisodeFactory, EpisodeFactory
from tests.dataprotection_factories import ErasureRequestFactory
from tests.families_factories import SafeguardingOverrideFactory
from tests.frontdoor_factories import SubmittedRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signposted(council, lead_professional, lead_organisation):
    """Hodan Ali, alone in her household: signposted, no episode ever, through the services."""
    family = family_create(
        local_authority=council, name="Ali", by=lead_professional, address_1="3 Quiet Row"
    )
    hodan = person_add(
        family=family,
        role=Membership.Role.PARENT,
        by=lead_professional,
        given_name="Hodan",
        family_name="Ali",
        date_of_birth=dt.date(1988, 2, 2),
        nhs_number="9990000026",
        postcode="E1 6AN",
    ).person
    chronology_add(
        family=family,
        organisation=lead_organisation,
        by=lead_professional,
        occurred_on=timezone.localdate(),
        summary="Hodan told us about her debts",
        detail="She owes three months' rent.",
        person=hodan,
    )
    request = SubmittedRequestFactory(
        local_authority=council,
        family=family,
        status=SupportRequest.Status.SIGNPOSTED,
        parent_name="Hodan",
        family_name="Ali",
        parent__person=hodan,
        worries="I owe rent and I am frightened of losing the flat.",
        email="hodan.ali@example.org",
    )
    return family, hodan, request


def _approved(dp_request, officer):
    return dp_request_decide(dp_request=dp_request, approve=True, reason="", by=officer)


def test_erasure_removes_the_persons_data_and_keeps_the_audit_chain_whole(
    officer_client, signposted, data_protection_officer
):
    family, hodan, request = signposted
    dp_request = _approved(ErasureRequestFactory(person=hodan), data_protection_officer)
    events_before = AuditEvent.objects.count()

    response = officer_client.post(reverse("dataprotection:erase", args=[dp_request.pk]))

    assert response.status_code == 302
    hodan.refresh_from_db()
    assert (hodan.given_name, hodan.family_name, hodan.nhs_number, hodan.postcode) == ("",) * 4
    assert hodan.date_of_birth is None
    request.refresh_from_db()
    assert (request.contact_name, request.email, request.worries, request.address_1) == ("",) * 4
    described = request.people.get(person=hodan)
    assert (described.given_name, described.family_name) == ("", "")
    event = ChronologyEvent.objects.get(person=hodan)
    assert "debts" not in event.summary and event.detail == ""
    family.refresh_from_db()
    assert "Ali" not in family.name and family.address_1 == ""
    dp_request.refresh_from_db()
    assert dp_request.status == DataProtectionRequest.Status.CARRIED_OUT
    assert dp_request.erased_counts == {
        "families.Person": 1,
        "families.Family": 1,
        "families.ChronologyEvent": 1,
        "frontdoor.RequestPerson": 1,
        "frontdoor.SupportRequest": 1,
    }
    # The trail grew (the erasure is in it) and lost nothing: the chain verifies end to end.
    assert AuditEvent.objects.count() > events_before
    assert list(audit_chain_problems()) == []
    call_command("verify_audit", verbosity=0)  # exits non-zero (SystemExit) on a broken chain
    erased = AuditEvent.objects.get(action=AuditEvent.Action.DELETE, family_id=family.pk)
    assert erased.details["erased"] == dp_request.erased_counts
    assert "Hodan" not in json.dumps(list(AuditEvent.objects.values("reason", "details")))


def test_erasure_leaves_the_rest_of_the_household_alone(
    signposted, data_protection_officer, lead_professional
):
    family, hodan, _ = signposted
    son = person_add(
        family=family, role=Membership.Role.CHILD, by=lead_professional, given_name="Yusuf"
    ).person
    dp_request = _approved(ErasureRequestFactory(person=hodan), data_protection_officer)

    counts = erasure_carry_out(dp_request=dp_request, by=data_protection_officer)

    son.refresh_from_db()
    family.refresh_from_db()
    assert son.given_name == "Yusuf"
    assert family.name == "Ali"  # the household is not Hodan's alone
    assert "families.Family" not in counts


def test_erasure_is_refused_while_the_household_has_an_open_episode(
    officer_client, household, data_protection_officer
):
    dp_request = ErasureRequestFactory(person=household.amina)

    page = officer_client.get(reverse("dataprotection:detail", args=[dp_request.pk]))
    assert "has an open early help episode" in page.content.decode()  # shown before deciding

    response = officer_client.post(
        reverse("dataprotection:decide", args=[dp_request.pk]), {"decision": "approve"}
    )
    assert "Erasure cannot be approved" in response.content.decode()
    dp_request.refresh_from_db()
    assert dp_request.status == DataProtectionRequest.Status.RECEIVED


def test_an_episode_opened_after_approval_stops_the_erasure(signposted, data_protection_officer):
    family, hodan, _ = signposted
    dp_request = _approved(ErasureRequestFactory(person=hodan), data_protection_officer)
    EpisodeFactory(family=family)

    with pytest.raises(ValidationError, match="open early help episode"):
        erasure_carry_out(dp_request=dp_request, by=data_protection_officer)

    hodan.refresh_from_db()
    dp_request.refresh_from_db()
    assert hodan.given_name == "Hodan"
    assert dp_request.status == DataProtectionRequest.Status.APPROVED


@pytest.mark.parametrize(
    ("kept_because", "reason"),
    [
        (lambda family: SafeguardingOverrideFactory(family=family), "safeguarding override"),
        (
            lambda family: ClosedEpisodeFactory(family=family),
            "kept under the retention period until",
        ),
    ],
)
def test_erasure_is_refused_for_safeguarding_and_within_the_retention_period(
    signposted, data_protection_officer, kept_because, reason
):
    family, hodan, _ = signposted
    kept_because(family)

    with pytest.raises(ValidationError, match=reason):
        _approved(ErasureRequestFactory(person=hodan), data_protection_officer)


def test_a_refusal_can_be_recorded_with_the_reason_shown(officer_client, household):
    dp_request = ErasureRequestFactory(person=household.amina)

    officer_client.post(
        reverse("dataprotection:decide", args=[dp_request.pk]),
        {"decision": "refuse", "reason": "Records kept for safeguarding while the work goes on."},
    )

    dp_request.refresh_from_db()
    assert dp_request.status == DataProtectionRequest.Status.REFUSED
    household.amina.refresh_from_db()
    assert household.amina.given_name == "Amina"


def test_erasing_a_front_door_request_in_no_record(council, data_protection_officer):
    request = SubmittedRequestFactory(
        local_authority=council,
        status=SupportRequest.Status.SIGNPOSTED,
        parent_name="Faisal",
        family_name="Rahman",
        worries="My son will not go to school.",
    )
    dp_request = _approved(
        ErasureRequestFactory(person=None, support_request=request), data_protection_officer
    )

    counts = erasure_carry_out(dp_request=dp_request, by=data_protection_officer)

    request.refresh_from_db()
    assert (request.contact_name, request.worries, request.phone) == ("", "", "")
    assert not request.people.exclude(given_name="").exists()
    assert counts == {"frontdoor.SupportRequest": 1, "frontdoor.RequestPerson": 2}
    assert list(audit_chain_problems()) == []


def test_a_front_door_request_still_waiting_for_triage_is_not_erased(
    council, data_protection_officer
):
    waiting = SubmittedRequestFactory(local_authority=council)

    with pytest.raises(ValidationError, match="still waiting for triage"):
        _approved(
            ErasureRequestFactory(person=None, support_request=waiting), data_protection_officer
        )
