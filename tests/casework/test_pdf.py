"""The printable PDFs for the family: they render, say whose they are, and are audited."""

import datetime as dt
import io

import pypdf
import pytest
from django.urls import reverse

from familyhub.audit.models import AuditEvent
from familyhub.casework.models import Outcome, PlanAction, PlanNeed
from familyhub.casework.services.assessment import (
    assessment_save,
    assessment_start,
    voice_children,
    voice_key,
)
from tests.accounts.helpers import sign_in_verified

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    """The text of a PDF as a reader would copy it (pypdf, not a regex over content streams)."""
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def assessment(episode, lead_professional):
    assessment = assessment_start(episode, lead_professional)
    child = voice_children(assessment)[0]
    return assessment_save(
        assessment=assessment,
        base_version=1,
        changes={
            "child__health__strengths": "Zara is healthy and loves swimming",
            "family__housing__needs": "Damp in the children’s bedroom – “urgent”",
            "family__housing__score": 7,
            voice_key(child.pk): "I want my own room",
            "voice_of_parents": "We need help with the landlord",
            "analysis": "Housing is the main worry.",
        },
        by=lead_professional,
    )


@pytest.fixture
def plan(episode, team_member):
    need = PlanNeed.objects.create(
        episode=episode,
        outcome=Outcome.HOUSING,
        description="The flat is damp",
        baseline_score=7,
    )
    PlanAction.objects.create(
        need=need,
        description="Ask the landlord to fix the damp",
        owner=team_member,
        due_on=dt.date(2031, 2, 3),
    )
    return need


def test_the_assessment_pdf(client, assessment, episode, lead_professional):
    sign_in_verified(client, lead_professional)
    response = client.get(reverse("casework:assessment-pdf", kwargs={"pk": episode.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    content = response.content
    assert content.startswith(b"%PDF-")
    assert len(content) > 1500
    text = pdf_text(content)
    assert episode.family.reference in text
    for words in (
        "What we talked about",
        "What is going well",
        "What we are worried about",
        "I want my own room",
        "Page 1 of",
    ):
        assert words in text, words
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT,
        record_id=str(assessment.pk),
        family_id=episode.family_id,
        actor=lead_professional,
    ).exists()


def test_the_plan_pdf(client, plan, episode, locality_manager):
    sign_in_verified(client, locality_manager)
    response = client.get(reverse("casework:plan-pdf", kwargs={"pk": episode.pk}))
    assert response.status_code == 200
    content = response.content
    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    for words in (
        episode.family.reference,
        "What we will do together",
        "Secure housing",
        "Ask the landlord to fix the damp",
        "3 February 2031",
        "Bright Start Primary School",
    ):
        assert words in text, words
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT, record_id=str(episode.pk), family_id=episode.family_id
    ).exists()


def test_an_empty_plan_still_prints(client, episode, lead_professional):
    sign_in_verified(client, lead_professional)
    response = client.get(reverse("casework:plan-pdf", kwargs={"pk": episode.pk}))
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize("who, status", [("triage", 403), ("outsider", 404)])
def test_the_pdfs_follow_the_page_rules(
    client, assessment, episode, triage_officer, outsider, who, status
):
    sign_in_verified(client, {"triage": triage_officer, "outsider": outsider}[who])
    for name in ("assessment-pdf", "plan-pdf"):
        response = client.get(reverse(f"casework:{name}", kwargs={"pk": episode.pk}))
        assert response.status_code == status
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_no_assessment_yet_is_404(client, episode, lead_professional):
    sign_in_verified(client, lead_professional)
    response = client.get(reverse("casework:assessment-pdf", kwargs={"pk": episode.pk}))
    assert response.status_code == 404
