"""Forms of the shared family record. Choices (people, organisations) are set by the view from
what the user may see, so a form never offers what its page would not show."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyhub.directory.models import Language
from familyhub.families.models import Consent, Ethnicity, LawfulBasis, Membership, Sex

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


# Keeping the household current (views/household.py)

NAME_MAX_LENGTH = 100  # as Person.given_name and Person.family_name
REASON_MAX_LENGTH = 1000


def _date_field(label: str) -> forms.DateField:
    """An optional date: the form says when it is needed (by who the person is)."""
    return forms.DateField(
        label=label,
        required=False,
        help_text=_("For example, 27/3/2025"),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": _("Enter a real date, for example 27/3/2025")},
    )


def _name_field(label: str, *, required: bool, required_message: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": required_message,
            "max_length": _("Names must be 100 characters or fewer"),
        },
    )


def _sex_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Sex"),
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the person's sex, or 'Not known'")},
    )


class HouseholdMemberForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Who they are in the household"),
        choices=Membership.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select who they are in the household")},
    )
    given_name = _name_field(_("First name (optional for an unborn child)"), required=False)
    family_name = _name_field(_("Last name"), required=False)
    date_of_birth = _date_field(_("Date of birth (optional for an adult)"))
    due_date = _date_field(_("Due date (for an unborn child)"))
    sex = _sex_field()

    def clean(self):
        cleaned = super().clean()
        role, today = cleaned.get("role"), timezone.localdate()
        born, due = cleaned.get("date_of_birth"), cleaned.get("due_date")
        if role == Membership.Role.UNBORN:
            if born:
                self.add_error(
                    "date_of_birth", _("An unborn child has a due date, not a date of birth")
                )
            if not due and "due_date" not in self.errors:
                self.add_error("due_date", _("Enter the due date"))
            elif due and due < today - dt.timedelta(days=MAX_DAYS_OVERDUE):
                self.add_error("due_date", _("Record the birth instead: the due date has passed"))
        elif role:
            if due:
                self.add_error("due_date", _("Only an unborn child has a due date"))
            if not cleaned.get("given_name") and "given_name" not in self.errors:
                self.add_error("given_name", _("Enter their first name"))
            if role == Membership.Role.CHILD and not born and "date_of_birth" not in self.errors:
                self.add_error("date_of_birth", _("Enter the child's date of birth"))
            if born and born > today:
                self.add_error("date_of_birth", _("The date of birth must be today or in the past"))
        return cleaned


# A baby may come a few weeks after the due date; later than this, the birth is what is missing.
MAX_DAYS_OVERDUE = 42


class BirthForm(forms.Form):
    given_name = _name_field(
        _("First name"), required=True, required_message=_("Enter the baby's first name")
    )
    family_name = _name_field(_("Last name"), required=False)
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        help_text=_("For example, 27/3/2025"),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={
            "required": _("Enter the baby's date of birth"),
            "invalid": _("Enter a real date, for example 27/3/2025"),
        },
    )
    sex = _sex_field()

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise forms.ValidationError(_("The date of birth must be today or in the past"))
        return born


class PersonNeedsForm(forms.Form):
    send = forms.BooleanField(
        label=_("Has special educational needs or disabilities (SEND)"), required=False
    )
    ehc_plan = forms.BooleanField(
        label=_("Has an education, health and care (EHC) plan"), required=False
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages they speak"),
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    interpreter_needed = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    ethnicity = forms.ChoiceField(
        label=_("Ethnic group"),
        help_text=_("As the person (or, for a young child, their parent) describes it"),
        choices=Ethnicity.choices,
        error_messages={"required": _("Select an ethnic group, or 'Not asked yet'")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("ehc_plan") and not cleaned.get("send"):
            self.add_error("send", _("A child or young person with an EHC plan has SEND"))
        return cleaned


class MemberRemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Why they are no longer in the household"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example, moved to live with their father. This is kept in the audit trail."
        ),
        error_messages={
            "required": _("Enter why they are no longer in the household"),
            "max_length": _("The reason must be 1000 characters or fewer"),
        },
    )
