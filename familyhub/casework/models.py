"""Early help casework: an episode of help for a family, from triage (or a step-down from social
care) to closure — the Early Help Assessment, the Team Around the Family, the family plan, its
reviews, step-up and step-down, and the outcomes."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.models import Organisation
from familyhub.directory.models import Location
from familyhub.families.models import Family, Person
from familyhub.frontdoor.models import SupportRequest
from familyhub.places.models import LocalAuthority, Locality


class Outcome(models.TextChoices):
    """The Supporting Families headline outcomes: the need areas a family plan is built on."""

    EDUCATION = "education", _("Getting a good education")
    EARLY_YEARS = "early_years", _("Good early years development")
    HEALTH = "health", _("Improved mental and physical health")
    SUBSTANCE_USE = "substance_use", _("Promoting recovery and reducing harm from substance use")
    RELATIONSHIPS = "relationships", _("Improved family relationships")
    SAFE_FROM_ABUSE = "safe_from_abuse", _("Children safe from abuse and exploitation")
    CRIME = "crime", _("Crime prevention and tackling crime")
    DOMESTIC_ABUSE = "domestic_abuse", _("Safe from domestic abuse")
    HOUSING = "housing", _("Secure housing")
    FINANCES = "finances", _("Financial stability")


class Episode(models.Model):
    """One period of early help for a family, led by a lead professional from any agency."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        STEPPED_UP = "stepped_up", _("Stepped up to children's social care")
        CLOSED = "closed", _("Closed")

    class Source(models.TextChoices):
        TRIAGE = "triage", _("From the front door")
        STEP_DOWN = "step_down", _("Stepped down from children's social care")

    class ClosureReason(models.TextChoices):
        OUTCOMES_MET = "outcomes_met", _("The family's needs are met")
        FAMILY_WITHDREW = "family_withdrew", _("The family no longer wants support")
        MOVED_AWAY = "moved_away", _("The family moved away")
        UNIVERSAL = "universal", _("Needs can be met by universal services")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT)
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="episodes")
    source = models.CharField(max_length=10, choices=Source.choices)
    request = models.ForeignKey(
        SupportRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="episodes"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    lead_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_episodes"
    )
    lead_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    locality = models.ForeignKey(Locality, on_delete=models.SET_NULL, null=True, blank=True)
    hub = models.ForeignKey(Location, on_delete=models.SET_NULL, null=True, blank=True)
    # Weeks between plan reviews; 12 unless the council or the team sets otherwise.
    review_interval_weeks = models.PositiveSmallIntegerField(default=12)
    opened_on = models.DateField()
    next_review_due = models.DateField(null=True, blank=True, db_index=True)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=20, choices=ClosureReason.choices, blank=True)
    # The named contact the family keeps after closure ("a family adviser for life").
    family_adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advised_episodes",
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_on"]
        indexes = [
            models.Index(fields=["local_authority", "status"], name="episode_la_status"),
            models.Index(fields=["lead_professional", "status"], name="episode_lead_status"),
            models.Index(fields=["locality", "status"], name="episode_locality_status"),
            # Episodes opened, or closed, in a stretch of time, in a council or a locality
            # (insight's indicators over any period).
            models.Index(fields=["local_authority", "opened_on"], name="episode_la_opened"),
            models.Index(fields=["locality", "opened_on"], name="episode_locality_opened"),
            models.Index(fields=["local_authority", "closed_on"], name="episode_la_closed"),
            models.Index(fields=["locality", "closed_on"], name="episode_locality_closed"),
        ]

    def __str__(self) -> str:
        return f"{self.family} from {self.opened_on:%d %b %Y}"


class EpisodeEvent(models.Model):
    """Each change of an episode's state, when, by whom and why: the episode's own history."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened")
        ASSESSED = "assessed", _("Assessment completed")
        PLANNED = "planned", _("Family plan agreed")
        REVIEWED = "reviewed", _("Plan reviewed")
        STEPPED_UP = "stepped_up", _("Stepped up to children's social care")
        # Children's social care did not take the family on: early help carries on, with
        # social care's advice (the event's reason).
        RETURNED = "returned", _("Returned to early help by children's social care")
        STEPPED_DOWN = "stepped_down", _("Stepped down into early help")
        REASSIGNED = "reassigned", _("Lead professional changed")
        CLOSED = "closed", _("Closed")

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    # For a step-up, the handover summary generated from the record.
    summary = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "recorded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on}"


class Assessment(models.Model):
    """The Early Help Assessment, shared by the whole team, on the Assessment Framework triangle.

    `version` goes up by one on every save: an editor sends the version they started from, and a
    save from an older version is refused rather than silently overwriting a colleague's work.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        COMPLETED = "completed", _("Completed")

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="assessments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    voice_of_parents = models.TextField(_("what the parents or carers say"), blank=True)
    analysis = models.TextField(_("analysis"), blank=True)
    consent_recorded = models.BooleanField(_("the family agreed to this assessment"), default=False)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # When the assessment began: Ofsted's early help list (Annex A, list 2) asks for it.
    started_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Early Help Assessment ({self.get_status_display()})"


class AssessmentArea(models.Model):
    """One area of the triangle, with its strengths, needs and a score (1 great – 10 severe)."""

    class Domain(models.TextChoices):
        CHILD = "child", _("Child's developmental needs")
        PARENTING = "parenting", _("Parenting capacity")
        FAMILY = "family", _("Family and environmental factors")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="areas")
    domain = models.CharField(max_length=10, choices=Domain.choices)
    area = models.CharField(max_length=40)
    strengths = models.TextField(blank=True)
    needs = models.TextField(blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain", "area"], name="area_unique"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=10),
                name="area_score_1_to_10",
            ),
        ]

    def __str__(self) -> str:
        return self.area


class ChildVoice(models.Model):
    """What each child says, in their own words (or how they showed it)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="voices")
    child = models.ForeignKey(Person, on_delete=models.CASCADE)
    words = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "child"], name="child_voice_unique")
        ]

    def __str__(self) -> str:
        return f"{self.child}"


class TeamMember(models.Model):
    """A member of the Team Around the Family. Joining gives their organisation an involvement
    with the family, and so sight of the record within the family's consent."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="team")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["episode", "worker"], name="team_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.worker} ({self.organisation})"


class TeamMeeting(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    attended = models.ManyToManyField(TeamMember, blank=True, related_name="meetings")
    family_attended = models.BooleanField(default=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"Meeting on {self.held_on}"


class PlanNeed(models.Model):
    """A need in the family plan, mapped to a headline outcome, scored against its baseline."""

    class Result(models.TextChoices):
        ACHIEVED = "achieved", _("Achieved")
        PARTLY = "partly", _("Partly achieved")
        NOT = "not", _("Not achieved")

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="needs")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    description = models.TextField()
    # 1 (no worries) to 10 (severe), at the start; reviews score progress against it.
    baseline_score = models.PositiveSmallIntegerField()
    result = models.CharField(max_length=10, choices=Result.choices, blank=True)

    def __str__(self) -> str:
        return self.get_outcome_display()


class PlanAction(models.Model):
    """A SMART action owned by one member of the team, who keeps it up to date."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    need = models.ForeignKey(PlanNeed, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="actions")
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    update = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on"]
        indexes = [models.Index(fields=["owner", "status", "due_on"], name="action_owner_due")]

    def __str__(self) -> str:
        return self.description[:60]


class Review(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on"]
        indexes = [
            # An episode's review before another (whether a review was on time: insight) is
            # one probe of this index.
            models.Index(fields=["episode", "held_on"], name="review_episode_held"),
        ]

    def __str__(self) -> str:
        return f"Review on {self.held_on}"


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    need = models.ForeignKey(PlanNeed, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "need"], name="review_need_unique")
        ]

    def __str__(self) -> str:
        return f"{self.need}: {self.score}"
