"""The audit log query: by whom, which family, what was done, and when."""

from django import forms
from django.utils.translation import gettext_lazy as _

from familyhub.audit.models import AuditEvent

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d"]


class AuditQueryForm(forms.Form):
    actor = forms.CharField(
        label=_("Member of staff's email address"), required=False, max_length=254
    )
    family = forms.CharField(
        label=_("Family reference"),
        required=False,
        max_length=12,
        help_text=_("For example, FAM-7KQ2XD"),
    )
    action = forms.ChoiceField(
        label=_("What they did"),
        required=False,
        choices=[("", _("Anything")), *AuditEvent.Action.choices],
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text=_("For example, 1/4/2025"),
        error_messages={"invalid": _("Enter a real date, for example 1/4/2025")},
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        help_text=_("For example, 30/4/2025"),
        error_messages={"invalid": _("Enter a real date, for example 30/4/2025")},
    )

    def clean_family(self) -> str:
        return self.cleaned_data["family"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to", _("The ‘to’ date must be the same as or after the ‘from’ date")
            )
        return cleaned
