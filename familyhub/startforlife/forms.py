"""Start for Life's forms: the notifications file, and a health visiting review done."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyhub.families.forms import DATE_INPUT_FORMATS
from familyhub.startforlife.models import Milestone

# A year of a borough's births and pregnancies is a few megabytes; this is well above it.
MAX_FILE_BYTES = 50 * 1024 * 1024


class NotificationsFileForm(forms.Form):
    file = forms.FileField(
        label=_("Notifications file (CSV)"),
        help_text=_(
            "The birth and pregnancy notifications from midwifery or health visiting, as a CSV "
            "file with the columns the guide lists. A file sent again creates nothing twice."
        ),
        error_messages={
            "required": _("Choose the notifications file"),
            "empty": _("The file is empty"),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file must be 50 MB or smaller"))
        return upload


class MilestoneForm(forms.Form):
    milestone = forms.ChoiceField(
        label=_("Which review"),
        choices=Milestone.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the review that was done")},
    )
    done_on = forms.DateField(
        label=_("Date of the review"),
        help_text=_("For example, 27/3/2026"),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={
            "required": _("Enter the date of the review"),
            "invalid": _("Enter a real date, for example 27/3/2026"),
        },
    )

    def __init__(self, *args, born_on: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.born_on = born_on

    def clean_done_on(self) -> dt.date:
        done_on = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise forms.ValidationError(_("The date of the review must be today or in the past"))
        if done_on < self.born_on:
            raise forms.ValidationError(_("The date of the review must be after the birth"))
        return done_on
