"""Fields the casework forms share: dates, plan scores, and people shown with their organisation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.models import Membership
from familyhub.casework.models import TeamMember
from familyhub.casework.services import plan as plan_services
from familyhub.families.forms import DATE_INPUT_FORMATS

SCORE_HINT = _("1 means no worries, 10 means very worried")
SCORE_ERROR = _("Enter a score from 1 to 10")


def score_field(label, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=plan_services.SCORE_MIN,
        max_value=plan_services.SCORE_MAX,
        help_text=SCORE_HINT,
        error_messages={
            "required": SCORE_ERROR,
            "invalid": SCORE_ERROR,
            "min_value": SCORE_ERROR,
            "max_value": SCORE_ERROR,
        },
        **kwargs,
    )


def date_field(label, *, required_message, help_text, invalid_message) -> forms.DateField:
    """A date typed as day/month/year, in any of the common ways to type one."""
    return forms.DateField(
        label=label,
        help_text=help_text,
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"required": required_message, "invalid": invalid_message},
    )


def worker_label(user, organisation) -> str:
    return f"{user.get_full_name() or user.email} ({organisation})"


class MembershipChoiceField(forms.ModelChoiceField):
    """A worker chosen with the organisation they would act for (a staff membership)."""

    def label_from_instance(self, membership: Membership) -> str:
        return worker_label(membership.user, membership.organisation)


class TeamMemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member: TeamMember) -> str:
        return worker_label(member.worker, member.organisation)


class TeamMembersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member: TeamMember) -> str:
        return worker_label(member.worker, member.organisation)
