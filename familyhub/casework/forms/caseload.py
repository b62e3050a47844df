"""The locality manager's caseload filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from familyhub.casework.selectors import LocalityFilters


class LeadChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email


class LocalityFilterForm(forms.Form):
    locality = forms.ModelChoiceField(
        label=_("Locality"), queryset=None, required=False, empty_label=_("All localities")
    )
    lead = LeadChoiceField(
        label=_("Lead professional"),
        queryset=None,
        required=False,
        empty_label=_("All lead professionals"),
    )
    overdue_reviews = forms.BooleanField(label=_("Only overdue reviews"), required=False)
    overdue_actions = forms.BooleanField(
        label=_("Only episodes with overdue actions"), required=False
    )

    def __init__(self, *args, localities, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = localities
        self.fields["lead"].queryset = leads

    def filters(self) -> LocalityFilters:
        if not self.is_valid():
            return LocalityFilters()
        data = self.cleaned_data
        return LocalityFilters(
            locality=data["locality"].pk if data["locality"] else None,
            lead=data["lead"].pk if data["lead"] else None,
            overdue_reviews=data["overdue_reviews"],
            overdue_actions=data["overdue_actions"],
        )
