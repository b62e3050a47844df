"""The survey a family answers, and the filters of the staff page of comments."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from familyhub.feedback.models import BETTER_LENGTH, Answer
from familyhub.places.models import Locality

HELPFULNESS = [
    (5, _("Very helpful")),
    (4, _("Helpful")),
    (3, _("Neither helpful nor unhelpful")),
    (2, _("Not very helpful")),
    (1, _("Not at all helpful")),
]


class SurveyForm(forms.Form):
    """Three questions: how helpful, told the story once, what could be better (optional)."""

    helpfulness = forms.TypedChoiceField(
        label=_("How helpful was it for you and your family?"),
        choices=HELPFULNESS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how helpful it was")},
    )
    told_story_once = forms.ChoiceField(
        label=_("Did you only have to tell your story once?"),
        help_text=_(
            "For example, you did not have to explain your family's situation again to each "
            "new person."
        ),
        choices=Answer.StoryOnce.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select yes, no or not sure")},
    )
    better = forms.CharField(
        label=_("What could we do better? (optional)"),
        help_text=_("Please do not write anybody's name. You can write up to 1,000 characters."),
        max_length=BETTER_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _("Write 1,000 characters or fewer")},
    )


# As the rest of the staff pages' dates: day first, the way people in England write them.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d"]


class CommentsForm(forms.Form):
    """Which comments: written from a day to a day (the last twelve months unless asked), in
    the whole council or one locality."""

    starts = forms.DateField(
        label=_("From"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y"),
        error_messages={
            "required": _("Enter the first day"),
            "invalid": _("Enter a real date, for example 1/4/2026"),
        },
    )
    ends = forms.DateField(
        label=_("To"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y"),
        error_messages={
            "required": _("Enter the last day"),
            "invalid": _("Enter a real date, for example 31/3/2027"),
        },
    )
    locality = forms.ModelChoiceField(
        label=_("Locality"),
        queryset=Locality.objects.none(),
        required=False,
        empty_label=_("The whole council"),
        error_messages={"invalid_choice": _("Choose a locality from the list")},
    )

    def __init__(self, *args: object, local_authority_id: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["locality"].queryset = Locality.objects.filter(  # type: ignore[attr-defined]
            local_authority_id=local_authority_id
        ).order_by("name")

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        starts: dt.date | None = cleaned.get("starts")
        ends: dt.date | None = cleaned.get("ends")
        if starts and ends and starts > ends:
            self.add_error("ends", _("The ‘to’ date must be the same as or after the ‘from’ date"))
        return cleaned
