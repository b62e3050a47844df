"""The Early Help Assessment: starting, saving (never over a colleague's work), the autosave,
completion, and who may do what. Fixtures from tests/casework/conftest.py."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from familyhub.audit.models import AuditEvent
from familyhub.casework.areas import AREAS
from familyhub.casework.forms.assessment import sign_values
from familyhub.casework.models import Assessment, AssessmentArea, EpisodeEvent
from familyhub.casework.services.assessment import (
    AssessmentConflict,
    AssessmentIncomplete,
    assessment_complete,
    assessment_save,
    assessment_start,
    assessment_values,
    voice_children,
    voice_key,
)
from familyhub.families.models import Membership
from tests.accounts.helpers import sign_in_verified

pytestmark = pytest.mark.django_db

HEALTH = "child__health__strengths"


@pytest.fixture
def assessment(episode, lead_professional):
    return assessment_start(episode, lead_professional)


def form_data(assessment, **changes) -> dict:
    """What the page's form posts: every value as it is now, the version and its snapshot."""
    values = assessment_values(assessment)
    data = {
        key: ("" if value is None else value)
        for key, value in values.items()
        if key != "consent_recorded"
    }
    if values["consent_recorded"]:
        data["consent_recorded"] = "on"
    data["base_version"] = assessment.version
    data["base_values"] = sign_values(values)
    data.update(changes)
    return data


def complete_values(assessment) -> dict:
    child = voice_children(assessment)[0]
    changes = {f"{area.domain}__{area.key}__score": 3 for area in AREAS}
    changes.update(
        {
            voice_key(child.pk): "I like school",
            "analysis": "Things are mostly going well.",
            "consent_recorded": True,
        }
    )
    return changes


# Starting


def test_start_makes_a_row_for_every_area_and_one_draft(assessment, episode, lead_professional):
    assert assessment.areas.count() == len(AREAS) == 20
    assert assessment_start(episode, lead_professional) == assessment
    assert Assessment.objects.filter(episode=episode).count() == 1
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, record_id=str(assessment.pk), family_id=episode.family_id
    ).exists()


def test_the_voices_asked_for_are_the_household_children(assessment, family):
    names = {child.given_name for child in voice_children(assessment)}
    assert names == {"Zara", "Idris"}


def test_an_outsider_cannot_start(episode, outsider):
    with pytest.raises(PermissionDenied):
        assessment_start(episode, outsider)


# Saving


def test_save_applies_changes_and_counts_the_version(assessment, lead_professional):
    child = voice_children(assessment)[0]
    saved = assessment_save(
        assessment=assessment,
        base_version=1,
        changes={
            HEALTH: "Healthy, up to date with jabs",
            "child__health__score": 2,
            voice_key(child.pk): "I like my teacher",
            "voice_of_parents": "We are tired",
            "analysis": "Mostly well",
            "consent_recorded": True,
        },
        by=lead_professional,
    )
    assert saved.version == 2
    assert saved.updated_by == lead_professional
    values = assessment_values(saved)
    assert values[HEALTH] == "Healthy, up to date with jabs"
    assert values["child__health__score"] == 2
    assert values[voice_key(child.pk)] == "I like my teacher"
    assert values["consent_recorded"] is True
    event = AuditEvent.objects.get(action=AuditEvent.Action.CHANGE, record_id=str(saved.pk))
    assert event.details["version"] == 2
    assert HEALTH in event.details["fields"]


def test_a_save_changing_nothing_keeps_the_version(assessment, lead_professional):
    saved = assessment_save(
        assessment=assessment, base_version=1, changes={HEALTH: ""}, by=lead_professional
    )
    assert saved.version == 1


def test_a_score_outside_one_to_ten_is_refused(assessment, lead_professional):
    with pytest.raises(ValueError):
        assessment_save(
            assessment=assessment,
            base_version=1,
            changes={"child__health__score": 11},
            by=lead_professional,
        )


def test_concurrent_saves_the_second_gets_a_conflict_and_nothing_is_lost(
    assessment, lead_professional, team_member
):
    colleague = team_member.worker
    # Both load version 1; the lead saves first.
    assessment_save(
        assessment=assessment,
        base_version=1,
        changes={HEALTH: "Lead's words"},
        by=lead_professional,
    )
    with pytest.raises(AssessmentConflict) as caught:
        assessment_save(
            assessment=assessment, base_version=1, changes={HEALTH: "Partner's words"}, by=colleague
        )
    conflict = caught.value
    assert conflict.version == 2
    assert conflict.saved_by == lead_professional
    assert conflict.current[HEALTH] == "Lead's words"
    assessment.refresh_from_db()
    assert assessment.version == 2
    assert assessment_values(assessment)[HEALTH] == "Lead's words"


def test_the_team_member_edits_and_others_may_not(
    assessment, team_member, locality_manager, outsider, triage_officer
):
    saved = assessment_save(
        assessment=assessment, base_version=1, changes={HEALTH: "ok"}, by=team_member.worker
    )
    assert saved.version == 2
    for user in (locality_manager, outsider, triage_officer):
        with pytest.raises(PermissionDenied):
            assessment_save(assessment=assessment, base_version=2, changes={}, by=user)


# Completing


def test_completion_needs_consent_scores_analysis_and_a_childs_voice(assessment, lead_professional):
    with pytest.raises(AssessmentIncomplete) as caught:
        assessment_complete(assessment, 1, lead_professional)
    assert len(caught.value.problems) == 4
    saved = assessment_save(
        assessment=assessment,
        base_version=1,
        changes=complete_values(assessment),
        by=lead_professional,
    )
    done = assessment_complete(saved, saved.version, lead_professional)
    assert done.status == Assessment.Status.COMPLETED
    assert done.completed_on is not None
    assert EpisodeEvent.objects.filter(
        episode=assessment.episode, kind=EpisodeEvent.Kind.ASSESSED
    ).exists()


def test_a_locality_manager_completes_but_a_team_member_does_not(
    assessment, lead_professional, locality_manager, team_member
):
    saved = assessment_save(
        assessment=assessment,
        base_version=1,
        changes=complete_values(assessment),
        by=lead_professional,
    )
    with pytest.raises(PermissionDenied):
        assessment_complete(saved, saved.version, team_member.worker)
    assert assessment_complete(saved, saved.version, locality_manager).status == "completed"


def test_completing_an_older_version_is_a_conflict(assessment, lead_professional):
    saved = assessment_save(
        assessment=assessment,
        base_version=1,
        changes=complete_values(assessment),
        by=lead_professional,
    )
    with pytest.raises(AssessmentConflict):
        assessment_complete(saved, 1, lead_professional)


def test_a_completed_assessment_no_longer_changes_and_a_new_draft_can_start(
    assessment, lead_professional, episode
):
    saved = assessment_save(
        assessment=assessment,
        base_version=1,
        changes=complete_values(assessment),
        by=lead_professional,
    )
    done = assessment_complete(saved, saved.version, lead_professional)
    with pytest.raises(Exception, match="completed"):
        assessment_save(
            assessment=done, base_version=done.version, changes={HEALTH: "x"}, by=lead_professional
        )
    assert assessment_start(episode, lead_professional) != done


# The page


def url(name, episode):
    return reverse(f"casework:{name}", kwargs={"pk": episode.pk})


def test_the_page_starts_the_assessment_and_shows_every_area(client, episode, lead_professional):
    sign_in_verified(client, lead_professional)
    response = client.get(url("assessment", episode))
    assert response.status_code == 200
    assert "Start the assessment" in response.text
    response = client.post(url("assessment", episode), {"action": "start"})
    assert response.status_code == 302
    response = client.get(url("assessment", episode))
    for label in ("Emotional and behavioural development", "Guidance and boundaries", "Housing"):
        assert label in response.text
    assert "What Zara" in response.text
    assert 'name="base_version"' in response.text
    assert "casework-autosave.mjs" in response.text
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()


def test_save_draft_without_javascript(client, assessment, episode, lead_professional):
    sign_in_verified(client, lead_professional)
    response = client.post(
        url("assessment", episode), form_data(assessment, **{HEALTH: "Eats well\r\nSleeps well"})
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.version == 2
    assert assessment_values(assessment)[HEALTH] == "Eats well\nSleeps well"


def test_concurrent_edit_on_the_page_shows_both_versions_and_keeps_both_texts(
    client, assessment, episode, lead_professional, team_member
):
    from django.test import Client

    lead_client, partner_client = client, Client()
    sign_in_verified(lead_client, lead_professional)
    sign_in_verified(partner_client, team_member.worker)
    # Both load version 1.
    lead_form = form_data(assessment, **{HEALTH: "The lead's text", "analysis": "Lead analysis"})
    partner_form = form_data(
        assessment, **{HEALTH: "The partner's text", "voice_of_parents": "Mum says hello"}
    )
    assert lead_client.post(url("assessment", episode), lead_form).status_code == 302

    response = partner_client.post(url("assessment", episode), partner_form)
    assert response.status_code == 409
    page = response.text
    lead_name = lead_professional.get_full_name()
    assert f"{lead_name} saved changes at" in page
    assert "while you were editing" in page
    # Both versions, side by side.
    assert "The lead&#x27;s text" in page
    assert "The partner&#x27;s text" in page
    form = response.context["form"]
    # The partner's own changes stay in the form; the lead's change to a field they had not
    # touched comes in; the version moves on so they can save on top of it.
    assert form.initial[HEALTH] == "The partner's text"
    assert form.initial["voice_of_parents"] == "Mum says hello"
    assert form.initial["analysis"] == "Lead analysis"
    assert form.initial["base_version"] == 2
    assessment.refresh_from_db()
    assert assessment.version == 2
    assert assessment_values(assessment)[HEALTH] == "The lead's text"
    assert assessment_values(assessment)["voice_of_parents"] == ""

    # Saving again from the conflict page saves on top of the lead's version.
    resave = {
        key: ("" if value is None else value)
        for key, value in form.initial.items()
        if key != "consent_recorded"
    }
    assert partner_client.post(url("assessment", episode), resave).status_code == 302
    assessment.refresh_from_db()
    values = assessment_values(assessment)
    assert assessment.version == 3
    assert values[HEALTH] == "The partner's text"
    assert values["voice_of_parents"] == "Mum says hello"
    assert values["analysis"] == "Lead analysis"


def test_autosave_answers_json_and_409_on_a_conflict(
    client, assessment, episode, lead_professional, team_member
):
    from django.test import Client

    sign_in_verified(client, lead_professional)
    partner = Client()
    sign_in_verified(partner, team_member.worker)
    stale = form_data(assessment, **{HEALTH: "Partner typed this"})

    response = client.post(url("assessment-autosave", episode), form_data(assessment, analysis="A"))
    assert response.status_code == 200
    answer = response.json()
    assert answer["version"] == 2
    assert answer["saved_at"]
    assert answer["saved_at_display"]
    assert answer["base_values"]

    response = partner.post(url("assessment-autosave", episode), stale)
    assert response.status_code == 409
    conflict = response.json()["conflict"]
    assert conflict["version"] == 2
    assert conflict["saved_by"] == str(lead_professional)
    assert "while you were editing" in conflict["html"]
    assert conflict["merged"][HEALTH] == "Partner typed this"
    assert conflict["merged"]["analysis"] == "A"
    assessment.refresh_from_db()
    assert assessment_values(assessment)["analysis"] == "A"


def test_autosave_refuses_rubbish(client, assessment, episode, lead_professional):
    sign_in_verified(client, lead_professional)
    data = form_data(assessment, **{"child__health__score": "12"})
    assert client.post(url("assessment-autosave", episode), data).status_code == 400
    assert client.get(url("assessment-autosave", episode)).status_code == 405


def test_complete_from_the_page_saves_first(client, assessment, episode, lead_professional):
    sign_in_verified(client, lead_professional)
    data = form_data(assessment)
    response = client.post(url("assessment-complete", episode), data)
    assert response.status_code == 400
    assert "cannot be completed yet" in response.text
    changes = complete_values(assessment)
    changes["consent_recorded"] = "on"
    response = client.post(url("assessment-complete", episode), form_data(assessment, **changes))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.COMPLETED
    assert assessment_values(assessment)["analysis"] == "Things are mostly going well."


@pytest.mark.parametrize(
    "who, page, autosave, complete",
    [
        ("lead", 200, 200, 400),
        ("team", 200, 200, 403),
        ("manager", 200, 403, 400),
        ("triage", 403, 403, 403),
        ("outsider", 404, 404, 404),
    ],
)
def test_who_may_do_what(
    client,
    assessment,
    episode,
    lead_professional,
    team_member,
    locality_manager,
    triage_officer,
    outsider,
    who,
    page,
    autosave,
    complete,
):
    user = {
        "lead": lead_professional,
        "team": team_member.worker,
        "manager": locality_manager,
        "triage": triage_officer,
        "outsider": outsider,
    }[who]
    sign_in_verified(client, user)
    assert client.get(url("assessment", episode)).status_code == page
    assert client.post(url("assessment-autosave", episode), form_data(assessment)).status_code == (
        autosave
    )
    assert client.post(url("assessment-complete", episode), form_data(assessment)).status_code == (
        complete
    )
    save_status = client.post(url("assessment", episode), form_data(assessment)).status_code
    assert save_status == (302 if autosave == 200 else autosave)


def test_the_manager_sees_it_read_only(client, assessment, episode, locality_manager):
    sign_in_verified(client, locality_manager)
    response = client.get(url("assessment", episode))
    assert 'id="assessment-form"' not in response.text
    assert "Complete the assessment" in response.text


def test_a_child_who_left_the_household_keeps_their_words(assessment, lead_professional, family):
    child = voice_children(assessment)[0]
    assessment_save(
        assessment=assessment,
        base_version=1,
        changes={voice_key(child.pk): "My words"},
        by=lead_professional,
    )
    Membership.objects.filter(family=family, person=child).delete()
    assert child in voice_children(assessment)
    assert AssessmentArea.objects.filter(assessment=assessment).count() == len(AREAS)
