"""The insight pages' questions."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyhub.directory.models import Location
from familyhub.insight.period import Period, quarters_before
from familyhub.oversight.forms import DATE_INPUT_FORMATS  # day first, as the audit trail
from familyhub.places.models import Locality

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


# The longest stretch the page works out at once, and so compares with the one before it.
LONGEST_PERIOD = dt.timedelta(days=3 * 366)


class IndicatorsForm(forms.Form):
    """Which figures: a period (the last twelve months unless asked), and a locality or a hub of
    the council (the whole council unless asked)."""

    starts = forms.DateField(
        label=_("From"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y"),
        error_messages={"invalid": _("Enter a real date, for example 1/4/2026")},
    )
    ends = forms.DateField(
        label=_("To"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y"),
        error_messages={"invalid": _("Enter a real date, for example 31/3/2027")},
    )
    locality = forms.ModelChoiceField(
        queryset=Locality.objects.none(), required=False, empty_label=_("The whole council")
    )
    hub = forms.ModelChoiceField(
        queryset=Location.objects.none(), required=False, empty_label=_("Every hub")
    )

    def __init__(self, *args, local_authority_id: str, **kwargs):
        super().__init__(*args, **kwargs)
        localities = Locality.objects.filter(local_authority_id=local_authority_id)
        self.fields["locality"].queryset = localities.order_by("name")
        # Requests and episodes are allocated to main hubs (triage.rules.ALLOCATION_HUB_KINDS).
        self.fields["hub"].queryset = Location.objects.filter(
            local_authority_id=local_authority_id, kind=Location.Kind.MAIN_HUB
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts"), cleaned.get("ends")
        if starts and ends:
            if starts > ends:
                self.add_error(
                    "ends", _("The ‘to’ date must be the same as or after the ‘from’ date")
                )
            elif ends - starts > LONGEST_PERIOD:
                self.add_error("starts", _("Choose three years or less"))
        return cleaned


class BoardReportForm(forms.Form):
    """Which quarter: one of the last eight whole quarters."""

    quarter = forms.ChoiceField(label=_("Which quarter"))

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.quarters = {q.starts.isoformat(): q for q in quarters_before(today, 8)}
        self.fields["quarter"].choices = [
            (key, f"{q.starts:%B} to {q.ends:%B %Y}") for key, q in self.quarters.items()
        ]

    def clean_quarter(self) -> Period:
        return self.quarters[self.cleaned_data["quarter"]]
