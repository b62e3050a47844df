"""The Team Around the Family's forms: who joins, and a meeting with who came."""

from django import forms
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.models import Membership
from familyhub.casework.forms.fields import (
    MembershipChoiceField,
    TeamMembersChoiceField,
    date_field,
)
from familyhub.casework.models import Episode, TeamMember
from familyhub.casework.selectors import current_team_members, team_candidates


class TeamMemberForm(forms.Form):
    membership = MembershipChoiceField(
        label=_("Who is joining the team?"),
        help_text=_(
            "Their organisation will be involved with the family, and see the record only as "
            "far as the family agreed to share it."
        ),
        queryset=Membership.objects.none(),
        empty_label=_("Choose a worker"),
        error_messages={"required": _("Choose who is joining the team")},
    )

    def __init__(self, *args, episode: Episode, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = team_candidates(episode)


class MeetingForm(forms.Form):
    held_on = date_field(
        _("Date of the meeting"),
        required_message=_("Enter the date of the meeting"),
        help_text=_("For example, 27/3/2025"),
        invalid_message=_("Enter a real date, for example 27/3/2025"),
    )
    attended = TeamMembersChoiceField(
        label=_("Who from the team came?"),
        queryset=TeamMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    family_attended = forms.TypedChoiceField(
        label=_("Did the family come?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the family came")},
    )
    notes = forms.CharField(
        label=_("Notes (optional)"),
        required=False,
        max_length=10_000,  # a form error beyond it, not a database error
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, episode: Episode, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = current_team_members(episode)
