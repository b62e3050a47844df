"""Triage as a workflow: a decision is found again (on the request and in "recently decided"),
leads are offered with their caseloads, and each field's error says what to do."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from familyhub.casework.models import Episode
from familyhub.frontdoor.models import NeedLevel
from tests.accounts.helpers import sign_in_verified
from tests.casework_factories import EpisodeFactory
from tests.frontdoor_factories import SubmittedRequestFactory, request_allocate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postcodes", "continuum")]


@pytest.fixture
def continuum(council):
    from familyhub.frontdoor.services import front_door_set_up

    front_door_set_up(local_authority=council)


def client_for(user) -> Client:
    client = Client()
    sign_in_verified(client, user)
    return client


def level_2(council) -> NeedLevel:
    return NeedLevel.objects.get(local_authority=council, number=2)


def test_saving_a_decision_shows_it_with_links_to_the_record_and_episode(
    council, triage_officer, lead_professional
):
    request = SubmittedRequestFactory(local_authority=council)
    client = client_for(triage_officer)

    response = client.post(
        f"/staff/triage/{request.pk}",
        {
            "level": level_2(council).pk,
            "reason": "Several needs together.",
            "lead_professional": lead_professional.pk,
        },
    )

    assert response["Location"] == f"/staff/triage/{request.pk}"
    page = client.get(response["Location"]).content.decode()
    request.refresh_from_db()
    episode = Episode.objects.get(family=request.family)
    decision = page.split(">Decision<")[1]
    assert "Several needs together." in decision
    # As the page escapes them: a Faker name may be O'Connor.
    assert escape(triage_officer.get_full_name()) in decision
    assert escape(lead_professional.get_full_name()) in decision
    assert f"/staff/families/{request.family_id}/" in decision
    assert f"/staff/casework/{episode.pk}/" in decision
    assert "Save decision" not in page


def test_the_queue_lists_what_was_decided_in_the_last_fortnight(
    council, triage_officer, lead_professional
):
    recent = request_allocate(
        SubmittedRequestFactory(local_authority=council, reference="FH-RECENT"),
        by=triage_officer,
        lead_professional=lead_professional,
        level=level_2(council),
    )
    old = request_allocate(
        SubmittedRequestFactory(local_authority=council, reference="FH-OLDONE"),
        by=triage_officer,
        lead_professional=lead_professional,
        level=level_2(council),
    )
    old.decided_at = timezone.now() - dt.timedelta(days=15)
    old.save(update_fields=["decided_at"])

    page = client_for(triage_officer).get("/staff/triage/").content.decode()

    decided = page.split("Recently decided")[1]
    assert recent.reference in decided
    assert "FH-OLDONE" not in decided


def test_leads_are_offered_with_their_open_caseload(council, triage_officer, lead_professional):
    EpisodeFactory.create_batch(2, lead_professional=lead_professional)
    EpisodeFactory(lead_professional=lead_professional, status=Episode.Status.CLOSED)
    request = SubmittedRequestFactory(local_authority=council)

    page = client_for(triage_officer).get(f"/staff/triage/{request.pk}").content.decode()

    assert f"{escape(lead_professional.get_full_name())} (2 open episodes)" in page
    assert "Choose a lead professional" in page
    assert "---------" not in page


def test_each_missing_answer_has_its_own_error_message(council, triage_officer):
    request = SubmittedRequestFactory(local_authority=council)

    page = (
        client_for(triage_officer)
        .post(f"/staff/triage/{request.pk}", {"level": "", "reason": ""})
        .content.decode()
    )

    assert "Choose the level of need" in page
    assert "Say why you chose this level" in page
    assert "This field is required" not in page


def test_allocating_without_a_lead_asks_for_one(council, triage_officer):
    request = SubmittedRequestFactory(local_authority=council)

    page = (
        client_for(triage_officer)
        .post(f"/staff/triage/{request.pk}", {"level": level_2(council).pk, "reason": "Needs"})
        .content.decode()
    )

    assert "Choose the lead professional" in page
