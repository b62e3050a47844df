"""The family plan's forms (a need, an action, an action's progress, the time between reviews)
and the review's."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from familyhub.casework.forms.fields import TeamMemberChoiceField, date_field, score_field
from familyhub.casework.models import Episode, Outcome, PlanAction, PlanNeed, TeamMember
from familyhub.casework.selectors import needs_by_outcome
from familyhub.casework.services import plan as plan_services

EXAMPLE_HINT = _lazy("For example, 27/3/2026")
# Every free-text answer has a limit, so overlong input is a form error (not a database one).
DESCRIPTION_MAX_LENGTH = 2_000
NOTES_MAX_LENGTH = 10_000
EXAMPLE_INVALID = _lazy("Enter a real date, for example 27/3/2026")


class NeedForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_lazy("Outcome"),
        choices=[("", _lazy("Choose an outcome")), *Outcome.choices],
        error_messages={"required": _lazy("Choose the outcome this need is about")},
    )
    description = forms.CharField(
        label=_lazy("What the need is"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _lazy("Describe the need")},
    )
    baseline_score = score_field(_lazy("How worried the family and team are now"))


class NeedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PlanNeed) -> str:
        return f"{obj.get_outcome_display()}: {obj.description[:60]}"


class ActionForm(forms.Form):
    need = NeedChoiceField(
        label=_lazy("Need"),
        queryset=PlanNeed.objects.none(),
        empty_label=_lazy("Choose a need"),
        error_messages={"required": _lazy("Choose the need this action is for")},
    )
    description = forms.CharField(
        label=_lazy("What will be done"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _lazy("Describe the action")},
    )
    owner = TeamMemberChoiceField(
        label=_lazy("Who will do it"),
        queryset=TeamMember.objects.none(),
        empty_label=_lazy("Choose someone in the team"),
        error_messages={"required": _lazy("Choose who will do it")},
    )
    due_on = date_field(
        _lazy("Do it by"),
        required_message=_lazy("Enter the date it should be done by"),
        help_text=EXAMPLE_HINT,
        invalid_message=EXAMPLE_INVALID,
    )

    def __init__(self, *args, episode: Episode, owners: QuerySet[TeamMember], **kwargs):
        """`owners`: whom this user may give an action to (casework.rules.may_assign_action_to)."""
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs_by_outcome(episode)
        self.fields["owner"].queryset = owners


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_lazy("Status"),
        choices=PlanAction.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _lazy("Choose the status of the action")},
    )
    update = forms.CharField(
        label=_lazy("Update (optional)"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, action: PlanAction, **kwargs):
        # Each action's form has its own prefix: the page shows one for every action it offers.
        super().__init__(*args, prefix=f"update-{action.pk}", **kwargs)


class IntervalForm(forms.Form):
    weeks = forms.IntegerField(
        label=_lazy("Weeks between reviews"),
        min_value=plan_services.INTERVAL_MIN_WEEKS,
        max_value=plan_services.INTERVAL_MAX_WEEKS,
        help_text=_lazy("From 2 to 26 weeks"),
        error_messages={
            "required": _lazy("Enter the number of weeks between reviews"),
            "invalid": _lazy("Enter a number of weeks from 2 to 26"),
            "min_value": _lazy("Enter a number of weeks from 2 to 26"),
            "max_value": _lazy("Enter a number of weeks from 2 to 26"),
        },
    )


class ReviewForm(forms.Form):
    held_on = date_field(
        _lazy("Date of the review"),
        required_message=_lazy("Enter the date of the review"),
        help_text=EXAMPLE_HINT,
        invalid_message=EXAMPLE_INVALID,
    )
    summary = forms.CharField(
        label=_lazy("What the review agreed (optional)"),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, needs: list[PlanNeed], **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = needs
        for need in needs:
            self.fields[f"score_{need.pk}"] = score_field(
                f"{need.get_outcome_display()}: {need.description}"
            )

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise ValidationError(_("The date of the review must be today or in the past"))
        return held_on

    def score_fields(self):
        return [(need, self[f"score_{need.pk}"]) for need in self.needs]

    def scores(self) -> dict[int, int]:
        return {need.pk: self.cleaned_data[f"score_{need.pk}"] for need in self.needs}
