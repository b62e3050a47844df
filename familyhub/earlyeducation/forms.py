"""The 2-year-old offer's forms: a termly list to import, a take-up to record, the term to show."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from familyhub.casework.forms.fields import date_field
from familyhub.directory.models import Service
from familyhub.earlyeducation import rules
from familyhub.earlyeducation.rules import Term

# A termly list of a borough is a few thousand rows, well under this.
LIST_MAX_BYTES = 10 * 1024 * 1024
CODE_MAX_LENGTH = 20


def _term_choices(terms: list[Term]) -> list[tuple[str, str]]:
    return [(term.key, str(term.label)) for term in terms]


class ListImportForm(forms.Form):
    term = forms.ChoiceField(
        label=_("Which term is the list for?"),
        error_messages={"required": _("Choose the term"), "invalid_choice": _("Choose the term")},
    )
    list_file = forms.FileField(
        label=_("The list (a CSV file)"),
        help_text=_("The columns are described in the README: one row for each child."),
        error_messages={
            "required": _("Choose the CSV file to import"),
            "empty": _("The file is empty"),
            "invalid": _("Choose the CSV file to import"),
        },
    )

    def __init__(self, *args, today: dt.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        terms = rules.terms_around(today)
        self.fields["term"].choices = _term_choices(terms)
        self.fields["term"].initial = terms[2].key  # the next term: lists come ahead of it

    def clean_list_file(self):
        upload = self.cleaned_data["list_file"]
        if upload.size > LIST_MAX_BYTES:
            raise forms.ValidationError(_("The file must be smaller than 10 MB"))
        return upload

    def chosen_term(self) -> Term:
        term = rules.term_from_key(self.cleaned_data["term"])
        assert term is not None  # one of the choices
        return term


class TakeUpForm(forms.Form):
    code = forms.CharField(
        label=_("Eligibility code"),
        help_text=_("As the provider gave it, for example 2Y-K7QW-2MXA"),
        max_length=CODE_MAX_LENGTH,
        error_messages={
            "required": _("Enter the eligibility code"),
            "max_length": _("An eligibility code is 12 characters, like 2Y-K7QW-2MXA"),
        },
    )
    provider = forms.ModelChoiceField(
        label=_("Provider"),
        queryset=Service.objects.none(),
        empty_label=_("Choose the provider"),
        error_messages={
            "required": _("Choose the provider"),
            "invalid_choice": _("Choose the provider"),
        },
    )
    started = date_field(
        _("Start date"),
        required_message=_("Enter the date the child started"),
        help_text=_("For example, 7/9/2026"),
        invalid_message=_("Enter a real date, for example 7/9/2026"),
    )

    def __init__(self, *args, providers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["provider"].label_from_instance = lambda service: (
            f"{service.name} ({service.organisation.name})"
        )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).upper()


class TermForm(forms.Form):
    """The term a page shows (a GET filter): the latest listed unless chosen."""

    term = forms.ChoiceField(label=_("Term"), required=False)

    def __init__(self, *args, terms: list[Term], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.terms = terms
        self.fields["term"].choices = _term_choices(terms)

    def chosen(self) -> Term | None:
        key = self.cleaned_data.get("term") if self.is_bound and self.is_valid() else ""
        return rules.term_from_key(key) if key else (self.terms[0] if self.terms else None)
