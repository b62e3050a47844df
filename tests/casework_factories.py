"""factory_boy factories for early help casework, named by the state an episode is in.

    episode = EpisodeFactory()                    # open a month, its lead professional in the team
    SteppedUpEpisodeFactory(), ClosedEpisodeFactory(), SteppedDownEpisodeFactory()
    CompletedAssessmentFactory(episode=episode)   # every area scored, a child heard, consent
    action = OverdueActionFactory(need__episode=episode)

They write rows as the casework services leave them (an episode's lead professional is in its
team and their organisation involved with the family; every change of state has its event), but
without the audit trail: for a state reached through the services themselves, use the fixtures
in tests/casework/conftest.py (`episode_with_completed_assessment` …).
"""

import datetime as dt

import factory
from django.utils import timezone

from familyhub.casework.areas import AREAS
from familyhub.casework.models import (
    Assessment,
    AssessmentArea,
    ChildVoice,
    Episode,
    EpisodeEvent,
    Outcome,
    PlanAction,
    PlanNeed,
    Review,
    ReviewScore,
    TeamMeeting,
    TeamMember,
)
from familyhub.families.models import Involvement
from familyhub.families.models import Membership as HouseholdMember
from tests.factories import LeadProfessionalFactory, OrganisationFactory, PartnerPractitionerFactory
from tests.families_factories import (
    FamilyFactory,
    FamilyMembershipFactory,
    InvolvementFactory,
    PersonFactory,
)

factory.Faker._DEFAULT_LOCALE = "en_GB"


def _days_ago(days: int):
    return factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=days))


class EpisodeEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EpisodeEvent

    episode = factory.SubFactory("tests.casework_factories.EpisodeFactory")
    kind = EpisodeEvent.Kind.OPENED
    on = factory.LazyFunction(timezone.localdate)
    by = factory.SelfAttribute("episode.lead_professional")


class TeamMemberFactory(factory.django.DjangoModelFactory):
    """A partner practitioner in the Team Around the Family, their organisation involved."""

    class Meta:
        model = TeamMember
        skip_postgeneration_save = True

    episode = factory.SubFactory("tests.casework_factories.EpisodeFactory")
    organisation = factory.SubFactory(
        OrganisationFactory, local_authority=factory.SelfAttribute("..episode.local_authority")
    )
    worker = factory.SubFactory(
        PartnerPractitionerFactory, organisation=factory.SelfAttribute("..organisation")
    )
    joined_on = factory.LazyFunction(timezone.localdate)

    involvement = factory.RelatedFactory(
        InvolvementFactory,
        factory_related_name="",
        family=factory.SelfAttribute("..episode.family"),
        organisation=factory.SelfAttribute("..organisation"),
        worker=factory.SelfAttribute("..worker"),
        role=Involvement.Role.TEAM_MEMBER,
        started=factory.SelfAttribute("..joined_on"),
    )


class EpisodeFactory(factory.django.DjangoModelFactory):
    """Open for a month, from the front door, led by a lead professional of a new organisation,
    who is in the team with their organisation involved (as episode_open leaves it)."""

    class Meta:
        model = Episode
        skip_postgeneration_save = True

    family = factory.SubFactory(FamilyFactory)
    local_authority = factory.SelfAttribute("family.local_authority")
    source = Episode.Source.TRIAGE
    lead_organisation = factory.SubFactory(
        OrganisationFactory, local_authority=factory.SelfAttribute("..family.local_authority")
    )
    lead_professional = factory.SubFactory(
        LeadProfessionalFactory, organisation=factory.SelfAttribute("..lead_organisation")
    )
    locality = factory.SelfAttribute("family.locality")
    hub = factory.SelfAttribute("family.hub")
    opened_on = _days_ago(30)
    next_review_due = factory.LazyAttribute(
        lambda o: o.opened_on + dt.timedelta(weeks=o.review_interval_weeks)
    )
    review_interval_weeks = 12

    lead_member = factory.RelatedFactory(
        TeamMemberFactory,
        factory_related_name="episode",
        organisation=factory.SelfAttribute("..lead_organisation"),
        worker=factory.SelfAttribute("..lead_professional"),
        joined_on=factory.SelfAttribute("..opened_on"),
        involvement__role=Involvement.Role.LEAD_PROFESSIONAL,
    )
    opened = factory.RelatedFactory(
        EpisodeEventFactory,
        factory_related_name="episode",
        on=factory.SelfAttribute("..opened_on"),
    )


class SteppedDownEpisodeFactory(EpisodeFactory):
    """Opened a month ago when children's social care stepped the family down into early help."""

    source = Episode.Source.STEP_DOWN
    opened = factory.RelatedFactory(
        EpisodeEventFactory,
        factory_related_name="episode",
        kind=EpisodeEvent.Kind.STEPPED_DOWN,
        on=factory.SelfAttribute("..opened_on"),
        reason="Child protection plan ended",
    )


class SteppedUpEpisodeFactory(EpisodeFactory):
    """Handed over to children's social care today, with its handover summary."""

    status = Episode.Status.STEPPED_UP
    stepped_up = factory.RelatedFactory(
        EpisodeEventFactory,
        factory_related_name="episode",
        kind=EpisodeEvent.Kind.STEPPED_UP,
        reason="Disclosure at school",
        summary="Handover summary for children's social care.",
    )


class ClosedEpisodeFactory(EpisodeFactory):
    """Closed today with the family's needs met, the lead professional the family adviser."""

    status = Episode.Status.CLOSED
    next_review_due = None
    closed_on = factory.LazyFunction(timezone.localdate)
    closure_reason = Episode.ClosureReason.OUTCOMES_MET
    family_adviser = factory.SelfAttribute("lead_professional")
    closed = factory.RelatedFactory(
        EpisodeEventFactory,
        factory_related_name="episode",
        kind=EpisodeEvent.Kind.CLOSED,
        on=factory.SelfAttribute("..closed_on"),
        reason=str(Episode.ClosureReason.OUTCOMES_MET.label),
    )


class AssessmentAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentArea
        django_get_or_create = ("assessment", "domain", "area")

    assessment = factory.SubFactory("tests.casework_factories.AssessmentFactory", areas=False)
    domain = AREAS[0].domain
    area = AREAS[0].key


class ChildVoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChildVoice

    assessment = factory.SubFactory("tests.casework_factories.AssessmentFactory")
    child = factory.SubFactory(
        PersonFactory, local_authority=factory.SelfAttribute("..assessment.episode.local_authority")
    )
    words = "I like it when we go to the park."


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A draft Early Help Assessment with a row for every area, none scored (as assessment_start
    leaves it; `areas=False` for none)."""

    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    episode = factory.SubFactory(EpisodeFactory)
    updated_by = factory.SelfAttribute("episode.lead_professional")
    started_on = factory.SelfAttribute("episode.opened_on")

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy's signature
        if create and extracted is not False:
            AssessmentArea.objects.bulk_create(
                AssessmentArea(assessment=obj, domain=area.domain, area=area.key, **kwargs)
                for area in AREAS
            )


class CompletedAssessmentFactory(AssessmentFactory):
    """Completed today: consent recorded, every area scored 4, the analysis written and a child
    of the family heard (a child is added to the household if it has none)."""

    status = Assessment.Status.COMPLETED
    voice_of_parents = "We want help with bedtimes."
    analysis = "Sleep routines and low mood; good warmth between them."
    consent_recorded = True
    version = 2
    completed_on = factory.LazyFunction(timezone.localdate)
    areas__score = 4

    @factory.post_generation
    def voice(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy's signature
        if not create:
            return
        family = obj.episode.family
        member = family.members.filter(role=HouseholdMember.Role.CHILD).first()
        member = member or FamilyMembershipFactory(family=family)
        ChildVoiceFactory(assessment=obj, child=member.person, **kwargs)

    assessed = factory.RelatedFactory(
        EpisodeEventFactory,
        factory_related_name="",
        episode=factory.SelfAttribute("..episode"),
        kind=EpisodeEvent.Kind.ASSESSED,
        on=factory.SelfAttribute("..completed_on"),
    )


class TeamMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMeeting
        skip_postgeneration_save = True

    episode = factory.SubFactory(EpisodeFactory)
    held_on = _days_ago(7)
    notes = "Agreed the plan with the family."

    @factory.post_generation
    def attended(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy's signature
        """Everyone in the team unless a list of TeamMembers is given."""
        if create:
            obj.attended.set(obj.episode.team.all() if extracted is None else extracted)


class PlanNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanNeed

    episode = factory.SubFactory(EpisodeFactory)
    outcome = Outcome.HOUSING
    description = "The flat is damp and the children keep getting ill"
    baseline_score = 7


class PlanActionFactory(factory.django.DjangoModelFactory):
    """A SMART action due in a fortnight, owned by the lead professional's team membership."""

    class Meta:
        model = PlanAction

    need = factory.SubFactory(PlanNeedFactory)
    description = "Ask the landlord to fix the damp"
    owner = factory.LazyAttribute(
        lambda o: o.need.episode.team.get(worker=o.need.episode.lead_professional)
    )
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))


class OverdueActionFactory(PlanActionFactory):
    """Due two days ago and not started."""

    due_on = _days_ago(2)


class DoneActionFactory(PlanActionFactory):
    status = PlanAction.Status.DONE
    update = "Done: the landlord fixed it."


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    episode = factory.SubFactory(EpisodeFactory)
    held_on = factory.LazyFunction(timezone.localdate)
    summary = "Good progress on the plan."


class ReviewScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewScore

    review = factory.SubFactory(ReviewFactory)
    need = factory.SubFactory(PlanNeedFactory, episode=factory.SelfAttribute("..review.episode"))
    score = 5
