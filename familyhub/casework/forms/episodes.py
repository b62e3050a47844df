"""The forms that change an episode's state: step up, step down, close, reassign."""

from django import forms
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.models import Membership
from familyhub.casework.forms.fields import MembershipChoiceField, TeamMemberChoiceField
from familyhub.casework.models import Episode, PlanNeed, TeamMember
from familyhub.casework.selectors import current_team_members, lead_choices

# Every free-text answer has a limit, so overlong input is a form error (not a database one).
REASON_MAX_LENGTH = 5_000


class StepUpForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the family need children's social care?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Say why the family needs children's social care")},
    )


class StepDownForm(forms.Form):
    lead = MembershipChoiceField(
        label=_("Lead professional"),
        queryset=Membership.objects.none(),
        empty_label=_("Choose a lead professional"),
        error_messages={"required": _("Choose the lead professional")},
    )
    reason = forms.CharField(
        label=_("Why is the family being stepped down into early help?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Say why the family is being stepped down into early help")},
    )

    def __init__(self, *args, local_authority_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = lead_choices(local_authority_id)


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is the episode closing?"),
        choices=Episode.ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why the episode is closing")},
    )
    family_adviser = TeamMemberChoiceField(
        label=_("Family adviser"),
        help_text=_(
            "The family keeps this person as a named contact. Their organisation stays "
            "involved with the family; the rest of the team's involvement ends."
        ),
        queryset=TeamMember.objects.none(),
        empty_label=_("Choose a family adviser"),
        error_messages={"required": _("Choose the family adviser")},
    )

    def __init__(self, *args, episode: Episode, needs: list[PlanNeed], **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = needs
        for need in needs:
            self.fields[f"need_{need.pk}"] = forms.ChoiceField(
                label=f"{need.get_outcome_display()}: {need.description}",
                choices=PlanNeed.Result.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose a result for “%(need)s”")
                    % {"need": need.get_outcome_display()}
                },
            )
        team = current_team_members(episode)
        self.fields["family_adviser"].queryset = team
        if not self.is_bound:
            # The lead professional, unless somebody else is chosen.
            self.initial["family_adviser"] = next(
                (member for member in team if member.worker_id == episode.lead_professional_id),
                None,
            )

    def need_fields(self):
        return [self[f"need_{need.pk}"] for need in self.needs]

    def results(self) -> dict[int, str]:
        return {need.pk: self.cleaned_data[f"need_{need.pk}"] for need in self.needs}


class ReassignForm(forms.Form):
    lead = MembershipChoiceField(
        label=_("New lead professional"),
        queryset=Membership.objects.none(),
        empty_label=_("Choose a lead professional"),
        error_messages={"required": _("Choose the new lead professional")},
    )
    reason = forms.CharField(
        label=_("Why is the lead professional changing?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why the lead professional is changing")},
    )

    def __init__(self, *args, episode: Episode, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = lead_choices(
            episode.local_authority_id, excluding_user_id=episode.lead_professional_id
        )
