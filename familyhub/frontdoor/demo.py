"""The demo borough's front door: Tower Hamlets' continuum of needs and its triage timers.

Idempotent, like the directory's demo loader it follows.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from familyhub.frontdoor.models import NeedLevel, TriageStandard
from familyhub.places.models import LocalAuthority

# The Tower Hamlets Continuum of Needs (Early Help Strategy 2023–2025; design/domain.md).
TOWER_HAMLETS_LEVELS = [
    (
        1,
        _("Universal"),
        _("Needs met in universal settings: signpost to services."),
        NeedLevel.Route.SIGNPOST,
    ),
    (
        2,
        _("Targeted early help"),
        _("Multi-agency support with a lead professional and a Team Around the Family."),
        NeedLevel.Route.HUB_ALLOCATION,
    ),
    (
        3,
        _("Child in need (section 17)"),
        _("Social work assessment and support under section 17 of the Children Act 1989."),
        NeedLevel.Route.SOCIAL_CARE,
    ),
    (
        4,
        _("Child protection (section 47)"),
        _("Statutory child protection enquiries under section 47."),
        NeedLevel.Route.SOCIAL_CARE,
    ),
]


@transaction.atomic
def load_demo_frontdoor(local_authority: LocalAuthority) -> int:
    """The levels and timers of the demo council's front door; returns the number of levels."""
    for number, name, description, route in TOWER_HAMLETS_LEVELS:
        NeedLevel.objects.update_or_create(
            local_authority=local_authority,
            number=number,
            defaults={"name": str(name), "description": str(description), "route": route},
        )
    TriageStandard.objects.get_or_create(local_authority=local_authority)
    return len(TOWER_HAMLETS_LEVELS)
