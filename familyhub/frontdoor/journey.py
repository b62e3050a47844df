"""The order of the questions, and the answers SupportRequest has no field for yet.

Stop-gap until the model grows fields for them (see the module's README in the report): who is
asking, the help choices, and whether the yes/no questions were answered at all (a BooleanField
cannot tell "no" from "not asked"). They are kept as labelled English lines at the top of
`help_wanted`, which triage staff read anyway, and read back from there.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from familyhub.families.models import Membership

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

ASKER_CHOICES = [
    ("parent", _("I am a parent or carer")),
    ("young_person", _("I am a young person")),
]
HELP_CHOICES = [
    ("money", _("Money, bills or debt")),
    ("housing", _("Housing or a safe place to live")),
    ("parenting", _("Being a parent, like sleep, behaviour or routines")),
    ("baby", _("Pregnancy or a new baby")),
    ("school", _("School, nursery or childcare")),
    ("health", _("Health or feeling low, worried or stressed")),
    ("send", _("Special educational needs or disability (SEND)")),
    ("home", _("Arguments or violence at home")),
    ("drugs", _("Drugs or alcohol")),
    ("talk", _("Someone to talk to")),
    ("not_sure", _("I am not sure")),
]
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

_ASKED_BY = "Asked by: "
_HELP_WITH = "Help with: "
_RISK = "Risk of harm right now answered: "
_SHARING = "Sharing answered: "
_OWN_WORDS = "In their own words:"


@dataclass
class ExtraAnswers:
    asker: str = ""
    help: list[str] = field(default_factory=list)
    help_other: str = ""
    safety_answered: bool = False
    sharing_answered: bool = False


def _english_labels(choices: Iterable[tuple[str, object]]) -> dict[str, str]:
    with translation.override("en-gb"):
        return {key: str(label) for key, label in choices}


def extra_encode(extra: ExtraAnswers) -> str:
    """The answers as staff-readable English lines, for SupportRequest.help_wanted."""
    askers, helps = _english_labels(ASKER_CHOICES), _english_labels(HELP_CHOICES)
    lines = []
    if extra.asker:
        lines.append(_ASKED_BY + askers[extra.asker])
    if extra.help:
        lines.append(_HELP_WITH + "; ".join(helps[key] for key in extra.help))
    if extra.safety_answered:
        lines.append(_RISK + "yes")
    if extra.sharing_answered:
        lines.append(_SHARING + "yes")
    if extra.help_other:
        lines += [_OWN_WORDS, extra.help_other]
    return "\n".join(lines)


def extra_decode(text: str) -> ExtraAnswers:
    """Read back what extra_encode wrote. Unknown lines are ignored, never fatal."""
    askers = {label: key for key, label in _english_labels(ASKER_CHOICES).items()}
    helps = {label: key for key, label in _english_labels(HELP_CHOICES).items()}
    extra = ExtraAnswers()
    lines = (text or "").split("\n")
    for index, line in enumerate(lines):
        if line.startswith(_ASKED_BY):
            extra.asker = askers.get(line.removeprefix(_ASKED_BY), "")
        elif line.startswith(_HELP_WITH):
            labels = line.removeprefix(_HELP_WITH).split("; ")
            extra.help = [helps[label] for label in labels if label in helps]
        elif line.startswith(_RISK):
            extra.safety_answered = True
        elif line.startswith(_SHARING):
            extra.sharing_answered = True
        elif line == _OWN_WORDS:
            extra.help_other = "\n".join(lines[index + 1 :])
            break
    return extra


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
