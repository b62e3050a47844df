"""The insight pages' questions."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# As the audit trail's dates: day first, the way people in England write them.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d"]
FORMATS = [("xlsx", _("Spreadsheet (XLSX)")), ("csv", _("CSV"))]


class EarlyHelpListForm(forms.Form):
    ending = forms.DateField(
        label=_("The six months up to"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y"),
        help_text=_("Usually the day before the inspection. For example, 31/3/2026"),
        error_messages={
            "required": _("Enter the last day of the six months"),
            "invalid": _("Enter a real date, for example 31/3/2026"),
        },
    )
    format = forms.ChoiceField(choices=FORMATS, required=False)

    def clean_ending(self):
        ending = self.cleaned_data["ending"]
        if ending > timezone.localdate():
            raise forms.ValidationError(_("The last day must be today or in the past"))
        return ending
