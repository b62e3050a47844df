"""The order of the questions, and which of them a draft has answered."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from familyhub.families.models import Membership
from familyhub.frontdoor.models import SupportRequest

# The question pages, in order. "people" is the add-another loop; "check" is check your answers.
STEPS = [
    "who",
    "people",
    "worries",
    "help",
    "safety",
    "address",
    "contact",
    "language",
    "sharing",
    "check",
]

ASKER_CHOICES = SupportRequest.Requester.choices
HELP_CHOICES = SupportRequest.Help.choices
CHILD_ROLES = {Membership.Role.CHILD, Membership.Role.UNBORN}

# Django has no Somali catalogue, so month names in dates come from ours. Marked here (and
# translated in locale/so) so that makemessages keeps them.
MONTH_NAMES = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]


@dataclass
class ExtraAnswers:
    """The answers the journey asks for beyond the request's plain fields, as it reads them."""

    asker: str = ""
    help: list[str] = field(default_factory=list)
    help_other: str = ""
    safety_answered: bool = False
    sharing_answered: bool = False


def first_missing_step(
    *, extra: ExtraAnswers, roles: Iterable[str], worries: str, fields: dict[str, object]
) -> str | None:
    """The first question still to answer, or None when the request can be sent."""
    done = {
        "who": bool(extra.asker),
        "people": any(role in CHILD_ROLES for role in roles),
        "worries": bool(worries.strip()),
        "help": bool(extra.help or extra.help_other.strip()),
        "safety": extra.safety_answered,
        "address": bool(fields.get("postcode") and fields.get("address_1")),
        "contact": bool(fields.get("contact_method")),
        "language": bool(fields.get("language_id")),
        "sharing": extra.sharing_answered,
    }
    return next((step for step in STEPS[:-1] if not done[step]), None)


def step_after(step: str) -> str:
    return STEPS[min(STEPS.index(step) + 1, len(STEPS) - 1)]


def step_before(step: str) -> str | None:
    index = STEPS.index(step)
    return STEPS[index - 1] if index > 0 else None
