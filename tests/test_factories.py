"""The shared test cast: every model has a factory, every factory makes a valid row, and the
states the factories are named by hold. (That casework's state factories leave the rows the
services leave is tests/casework/test_states.py.)"""

import factory
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.casework.models import Assessment
from familyhub.casework.services.assessment import completion_problems
from familyhub.families.rules import RecordKind, can_see
from familyhub.frontdoor.models import SupportRequest
from tests import (
    activities_factories,
    casework_factories,
    dataprotection_factories,
    earlyeducation_factories,
    factories,
    families_factories,
    feedback_factories,
    frontdoor_factories,
    insight_factories,
    notifications_factories,
    retention_factories,
    socialcare_factories,
    startforlife_factories,
)

FACTORY_MODULES = [
    factories,
    families_factories,
    frontdoor_factories,
    casework_factories,
    dataprotection_factories,
    notifications_factories,
    retention_factories,
    socialcare_factories,
    activities_factories,
    earlyeducation_factories,
    startforlife_factories,
    feedback_factories,
    insight_factories,
]
# Models whose rows only a migration or a loader writes, never a test: the retention periods, one
# row per kind, seeded by retention/0002 (tests change those rows).
NO_FACTORY: set[str] = {"retention.RetentionPeriod"}

pytestmark = pytest.mark.django_db


def all_factories() -> list[type[factory.django.DjangoModelFactory]]:
    found = {
        value
        for module in FACTORY_MODULES
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, factory.django.DjangoModelFactory)
        and value._meta.model is not None
    }
    return sorted(found, key=lambda f: f.__name__)


def familyhub_models() -> list[str]:
    return sorted(
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("familyhub.") and not model._meta.abstract
    )


def test_every_familyhub_model_has_a_factory():
    covered = {f._meta.model._meta.label for f in all_factories()}
    assert set(familyhub_models()) - covered - NO_FACTORY == set()


def unanswered(row) -> list[str]:
    """Nullable fields left empty: "not answered yet" is a state, though no form would send it."""
    return [f.name for f in row._meta.fields if f.null and getattr(row, f.attname) is None]


@pytest.mark.parametrize("make", all_factories(), ids=lambda f: f.__name__)
def test_every_factory_makes_a_valid_row(make):
    first, second = make(), make()
    first.refresh_from_db()
    for row in (first, second):
        try:
            # Unique checks too: a factory's defaults must not collide with what it made before.
            row.full_clean(exclude=unanswered(row))
        except ValidationError as error:
            pytest.fail(f"{make.__name__}: {error.message_dict}")


def test_a_completed_assessment_has_nothing_missing():
    assessment = casework_factories.CompletedAssessmentFactory()
    assert assessment.status == Assessment.Status.COMPLETED
    assert completion_problems(assessment) == []
    assert not casework_factories.AssessmentFactory().areas.filter(score__isnull=False).exists()
    assert completion_problems(casework_factories.AssessmentFactory()) != []


def test_the_named_staff_factories_hold_their_role():
    named = {
        factories.DirectoryEditorFactory: Role.DIRECTORY_EDITOR,
        factories.DirectoryManagerFactory: Role.DIRECTORY_MANAGER,
        factories.TriageOfficerFactory: Role.TRIAGE,
        factories.LeadProfessionalFactory: Role.LEAD_PROFESSIONAL,
        factories.PartnerPractitionerFactory: Role.PRACTITIONER,
        factories.LocalityManagerFactory: Role.LOCALITY_MANAGER,
        factories.AnalystFactory: Role.DATA_ANALYST,
        factories.DataProtectionOfficerFactory: Role.DATA_PROTECTION_OFFICER,
        factories.AdministratorFactory: Role.ADMINISTRATOR,
        factories.SocialWorkerFactory: Role.SOCIAL_WORKER,
    }
    assert set(named.values()) == set(Role)
    for make, role in named.items():
        organisation = factories.OrganisationFactory()
        user = make(organisation=organisation)
        assert list(user.memberships.values_list("organisation", "role")) == [
            (organisation.pk, role)
        ]


def test_a_family_with_consent_for_an_organisation_is_seen_by_its_lead_professional_only():
    team = factories.OrganisationFactory()
    family = families_factories.family_with_consent_for(team)
    insider = factories.LeadProfessionalFactory(organisation=team)
    outsider = factories.LeadProfessionalFactory()
    now = timezone.now()
    for kind in (RecordKind.PEOPLE, RecordKind.CHRONOLOGY):
        assert can_see(insider, family, kind=kind, now=now)
        assert not can_see(outsider, family, kind=kind, now=now)
    withdrawn = families_factories.family_with_consent_for(team)
    withdrawn.consents.update(withdrawn_at=now)
    assert not can_see(insider, withdrawn, kind=RecordKind.PEOPLE, now=now)


def test_request_states():
    draft = frontdoor_factories.SupportRequestFactory()
    waiting = frontdoor_factories.SubmittedRequestFactory(parent_name="Amina", family_name="Khan")
    urgent = frontdoor_factories.UrgentRequestFactory()
    assert (draft.status, draft.submitted_at) == (SupportRequest.Status.DRAFT, None)
    assert waiting.status == SupportRequest.Status.NEW and waiting.submitted_at
    assert waiting.contact_name == "Amina Khan"
    assert sorted(waiting.people.values_list("role", "family_name")) == [
        ("child", "Khan"),
        ("parent", "Khan"),
    ]
    assert urgent.safeguarding_concern is True and waiting.safeguarding_concern is False
