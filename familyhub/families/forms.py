"""Forms of the shared family record. Choices (people, organisations) are set by the view from
what the user may see, so a form never offers what its page would not show."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyhub.families.models import Consent, LawfulBasis

# GOV.UK asks for dates typed as day, month and year; these accept the common ways to type one.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d", "%d %b %Y"]


class FamilySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by family name or reference"), required=False, max_length=120
    )


class ChronologyEventForm(forms.Form):
    occurred_on = forms.DateField(
        label=_("Date"),
        help_text=_("For example, 27/3/2025"),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={
            "required": _("Enter the date it happened"),
            "invalid": _("Enter a real date, for example 27/3/2025"),
        },
    )
    summary = forms.CharField(
        label=_("What happened"),
        max_length=200,
        error_messages={"required": _("Enter what happened")},
    )
    detail = forms.CharField(
        label=_("Details (optional)"), required=False, max_length=10_000, widget=forms.Textarea
    )
    person = forms.ModelChoiceField(
        label=_("Who it was about (optional)"),
        queryset=None,
        required=False,
        empty_label=_("The whole family"),
    )
    organisation = forms.ModelChoiceField(label=_("Recorded for"), queryset=None, empty_label=None)

    def __init__(self, *args, people, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["organisation"].queryset = organisations
        # Most staff work for one organisation: no question to answer, so none is asked.
        self.only_organisation = organisations.first() if organisations.count() == 1 else None
        if self.only_organisation is not None:
            del self.fields["organisation"]

    def clean(self):
        cleaned = super().clean()
        if self.only_organisation is not None:
            cleaned["organisation"] = self.only_organisation
        return cleaned

    def clean_occurred_on(self):
        occurred_on = self.cleaned_data["occurred_on"]
        if occurred_on > timezone.localdate():
            raise forms.ValidationError(_("The date must be today or in the past"))
        return occurred_on


class ConsentForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("What the family agreed to share"),
        choices=Consent.Scope.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what the family agreed to share")},
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("With which organisations"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one organisation")},
    )
    purpose = forms.CharField(
        label=_("What for"),
        max_length=300,
        help_text=_("For example, to plan early help support together"),
        error_messages={"required": _("Enter what the information will be shared for")},
    )
    lawful_basis = forms.ChoiceField(
        label=_("Lawful basis"),
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        initial=LawfulBasis.CONSENT,
        error_messages={"required": _("Select the lawful basis")},
    )
    given_how = forms.ChoiceField(
        label=_("How it was given"),
        choices=Consent.Given.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how consent was given")},
    )
    given_by = forms.ModelChoiceField(
        label=_("Who gave it (optional)"),
        queryset=None,
        required=False,
        empty_label=_("Not recorded"),
    )

    def __init__(self, *args, people, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_by"].queryset = people
        self.fields["organisations"].queryset = organisations


class ConsentWithdrawForm(forms.Form):
    how = forms.ChoiceField(
        label=_("How the family withdrew consent"),
        choices=Consent.Given.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how consent was withdrawn")},
    )
    reason = forms.CharField(
        label=_("Why the family withdrew consent"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In the family's words where you can. This is kept in the audit trail."),
        error_messages={
            "required": _("Enter why the family withdrew consent"),
            "max_length": _("Why the family withdrew consent must be 1000 characters or fewer"),
        },
    )


class OverrideForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Share with"),
        queryset=None,
        empty_label=None,
        help_text=_("Only organisations working with the family are listed"),
    )
    reason = forms.CharField(
        label=_("Why the record must be shared without consent"),
        max_length=5_000,
        widget=forms.Textarea,
        help_text=_("Say what the risk to the child is. The family may read this later."),
        error_messages={"required": _("Enter why the record must be shared without consent")},
    )
    lawful_basis = forms.ChoiceField(
        label=_("Lawful basis"),
        choices=[c for c in LawfulBasis.choices if c[0] != LawfulBasis.CONSENT],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the lawful basis")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


# Merging two records of one person (views/merging.py)


class MergeChooseForm(forms.Form):
    record = forms.ChoiceField(
        label=_("Which record is the same person?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the record that is the same person")},
    )

    def __init__(self, *args, candidates: list, **kwargs) -> None:
        """`candidates`: the records offered (families.selectors.MergeCandidate), best first."""
        super().__init__(*args, **kwargs)
        self.fields["record"].choices = [(str(c.person.pk), str(c.person)) for c in candidates]


class MergeReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("This is kept in the audit trail with your name."),
    )

    def __init__(self, *args, label: str, required_message: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required_message
