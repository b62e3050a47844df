"""The Assessment Framework triangle as data: its three domains and the areas of each.

An assessment holds one AssessmentArea row per area here, keyed by (domain, key). A council that
assesses on another model changes this list, not the code: pages, saving, completion and the PDF
all read it.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from familyhub.casework.models import AssessmentArea

Domain = AssessmentArea.Domain


@dataclass(frozen=True)
class Area:
    domain: str
    key: str  # stored in AssessmentArea.area (at most 40 characters)
    label: str

    @property
    def field_prefix(self) -> str:
        """The stem of this area's form fields and save keys: "child__health" and so on."""
        return f"{self.domain}__{self.key}"


TRIANGLE: dict[str, list[Area]] = {
    Domain.CHILD: [
        Area(Domain.CHILD, "health", _("Health")),
        Area(Domain.CHILD, "education", _("Education")),
        Area(Domain.CHILD, "emotional_behavioural", _("Emotional and behavioural development")),
        Area(Domain.CHILD, "identity", _("Identity")),
        Area(Domain.CHILD, "relationships", _("Family and social relationships")),
        Area(Domain.CHILD, "social_presentation", _("Social presentation")),
        Area(Domain.CHILD, "self_care", _("Self-care skills")),
    ],
    Domain.PARENTING: [
        Area(Domain.PARENTING, "basic_care", _("Basic care")),
        Area(Domain.PARENTING, "ensuring_safety", _("Ensuring safety")),
        Area(Domain.PARENTING, "emotional_warmth", _("Emotional warmth")),
        Area(Domain.PARENTING, "stimulation", _("Stimulation")),
        Area(Domain.PARENTING, "guidance_boundaries", _("Guidance and boundaries")),
        Area(Domain.PARENTING, "stability", _("Stability")),
    ],
    Domain.FAMILY: [
        Area(Domain.FAMILY, "history_functioning", _("Family history and functioning")),
        Area(Domain.FAMILY, "wider_family", _("Wider family")),
        Area(Domain.FAMILY, "housing", _("Housing")),
        Area(Domain.FAMILY, "employment", _("Employment")),
        Area(Domain.FAMILY, "income", _("Income")),
        Area(Domain.FAMILY, "social_integration", _("Family's social integration")),
        Area(Domain.FAMILY, "community_resources", _("Community resources")),
    ],
}

AREAS: list[Area] = [area for areas in TRIANGLE.values() for area in areas]
_BY_KEY = {(area.domain, area.key): area for area in AREAS}

SCORE_MIN, SCORE_MAX = 1, 10


def area_for(domain: str, key: str) -> Area | None:
    return _BY_KEY.get((domain, key))


def domain_label(domain: str) -> str:
    return Domain(domain).label
