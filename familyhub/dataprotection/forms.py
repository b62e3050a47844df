"""Forms of the data protection pages (staff only, in English)."""

from django import forms
from django.utils import timezone

from familyhub.dataprotection.models import DataProtectionRequest
from familyhub.dataprotection.rules import RECTIFIABLE_FIELDS
from familyhub.families.forms import DATE_INPUT_FORMATS
from familyhub.families.identifiers import normalise_nhs_number
from familyhub.families.models import Sex

DATE_HINT = "For example, 27/3/2026"


def _date_field(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=DATE_HINT,
        input_formats=DATE_INPUT_FORMATS,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": "Enter a real date, for example 27/3/2026",
        },
    )


class SubjectSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by name, NHS number or front door request reference",
        max_length=100,
        error_messages={"required": "Enter a name, an NHS number or a reference"},
    )


class DataProtectionRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the person is asking for",
        choices=DataProtectionRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the person is asking for"},
    )
    requester_name = forms.CharField(
        label="Who asked",
        max_length=200,
        help_text="The person themselves, or whoever asked for them",
        error_messages={"required": "Enter who asked"},
    )
    requester_relationship = forms.CharField(
        label="Their relationship to the person (optional)",
        max_length=100,
        required=False,
        help_text="For example, themselves, parent, solicitor",
    )
    identity_check = forms.ChoiceField(
        label="How their identity was checked",
        choices=DataProtectionRequest.IdentityCheck.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how their identity was checked"},
    )
    identity_note = forms.CharField(
        label="Identity check notes (optional)",
        max_length=500,
        required=False,
        help_text="Which documents, who confirmed it. Do not copy document numbers here.",
    )
    received_on = _date_field("Date received")
    details = forms.CharField(
        label="What they asked for (optional)",
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, which details are wrong",
    )

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError("The date received must be today or in the past")
        return received_on


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve"), ("refuse", "Refuse")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the request is approved or refused"},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed for a refusal: the person is told why, and how to complain to the ICO",
    )
    approved_fields = forms.MultipleChoiceField(
        label="Details that may be corrected",
        choices=[(name, name.replace("_", " ").capitalize()) for name in RECTIFIABLE_FIELDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, rectification: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not rectification:
            del self.fields["approved_fields"]

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == "refuse" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Enter why the request is refused")
        rectification = "approved_fields" in self.fields
        if decision == "approve" and rectification and not cleaned.get("approved_fields"):
            self.add_error("approved_fields", "Select the details that may be corrected")
        return cleaned


def _nhs_number(value: str) -> str:
    if not value.strip():
        return ""
    try:
        return normalise_nhs_number(value)
    except ValueError as error:
        raise forms.ValidationError(str(error)) from error


class RectificationForm(forms.Form):
    """The approved fields only, each starting from what the record holds now."""

    given_name = forms.CharField(label="First name", max_length=100, required=False)
    family_name = forms.CharField(label="Last name", max_length=100, required=False)
    date_of_birth = _date_field("Date of birth", required=False)
    due_date = _date_field("Due date", required=False)
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect)
    nhs_number = forms.CharField(label="NHS number", max_length=12, required=False)
    upn = forms.CharField(label="Unique pupil number", max_length=13, required=False)
    postcode = forms.CharField(label="Postcode", max_length=8, required=False)

    def __init__(self, *args, approved_fields: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in approved_fields:
                del self.fields[name]

    def clean_nhs_number(self):
        return _nhs_number(self.cleaned_data["nhs_number"])

    def clean_postcode(self):
        return self.cleaned_data["postcode"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_of_birth") and cleaned.get("due_date"):
            raise forms.ValidationError("A person has a date of birth or a due date, not both")
        return cleaned
