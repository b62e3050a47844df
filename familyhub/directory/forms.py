"""Forms of the directory: the public search and the editors' own entries."""

from collections import defaultdict

from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from familyhub.accounts.models import Organisation, Sector
from familyhub.directory.models import Language, Location, Schedule, Service, TaxonomyTerm, Weekday
from familyhub.directory.reference_words import reference_word_html
from familyhub.directory.rules import DEFAULT_DISTANCE_MILES, DISTANCE_CHOICES_MILES
from familyhub.directory.selectors import (
    DirectorySearch,
    locations_offerable_by,
    service_location_ids,
)
from familyhub.places.rules import PostcodeError
from familyhub.places.selectors import postcode_get

AGE_CHOICES = [
    ("", _("Any age")),
    ("pregnancy", _("Expecting a baby")),
    ("0-2", _("0 to 2 years")),
    ("3-5", _("3 to 5 years")),
    ("6-11", _("6 to 11 years")),
    ("12-15", _("12 to 15 years")),
    ("16-18", _("16 to 18 years")),
    ("19-25", _("19 to 25 years with SEND")),
]
COST_CHOICES = [("", _("Free or paid")), ("free", _("Free")), ("paid", _("Paid"))]
DELIVERY_CHOICES = [
    ("hub", _("At a main Family Hub")),
    ("spoke", _("At a children and family centre or other hub site")),
    ("bus", _("On the outreach bus")),
    ("online", _("Online")),
    ("phone", _("By phone")),
]
FEATURE_CHOICES = [
    (name, capfirst(model._meta.get_field(name).verbose_name))
    for model in (Location, Service)
    for name in model.ACCESS_FEATURES
]
DAY_CHOICES = [("", _("Any day")), *[(str(v), label) for v, label in Weekday.choices]]
# The models' descriptions are TextFields, which have no limit: their form fields do, so an
# overlong description is a form error rather than a row nobody can read.
DESCRIPTION_MAX_LENGTH = 5_000


def limited_formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """A model field's form field, with a maximum length on free text."""
    if isinstance(db_field, models.TextField):
        kwargs.setdefault("max_length", DESCRIPTION_MAX_LENGTH)
    return db_field.formfield(**kwargs)


class DirectorySearchForm(forms.Form):
    """The public search. Every field is optional and kept in the URL so a search can be shared."""

    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=10)
    distance = forms.TypedChoiceField(
        label=_("Distance"),
        coerce=int,
        required=False,
        empty_value=DEFAULT_DISTANCE_MILES,
        choices=[],  # worded in the reader's language, so set for each form (__init__)
    )
    q = forms.CharField(label=_("Search for"), required=False, max_length=100)
    category = forms.MultipleChoiceField(label=_("Kind of help"), required=False)
    age = forms.ChoiceField(label=_("Age of child"), required=False, choices=AGE_CHOICES)
    language = forms.MultipleChoiceField(label=_("Language"), required=False)
    cost = forms.ChoiceField(label=_("Cost"), required=False, choices=COST_CHOICES)
    delivery = forms.MultipleChoiceField(
        label=_("How it is given"), required=False, choices=DELIVERY_CHOICES
    )
    access = forms.MultipleChoiceField(
        label=_("How to get it"), required=False, choices=Service.Access.choices
    )
    day = forms.ChoiceField(label=_("Day"), required=False, choices=DAY_CHOICES)
    feature = forms.MultipleChoiceField(
        label=_("Access and support"), required=False, choices=FEATURE_CHOICES
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Here, not in the class: a lazy plural formatted with % is worded once, in English, when
        # the module is imported.
        self.fields["distance"].choices = [
            (m, ngettext("Within %(miles)s mile", "Within %(miles)s miles", m) % {"miles": m})
            for m in DISTANCE_CHOICES_MILES
        ]
        if self.is_bound and not self.data.get("distance"):
            # A search from the home page names no distance. Without this the select would show
            # its first choice, "Within 1 mile", while the default distance was applied.
            self.data = self.data.copy()
            self.data["distance"] = str(DEFAULT_DISTANCE_MILES)
        # One query for every category; each top-level one is followed by those beneath it.
        terms = list(TaxonomyTerm.objects.values_list("id", "slug", "name", "parent_id"))
        beneath = defaultdict(list)
        self.term_ids_by_slug = defaultdict(list)
        for term_id, slug, name, parent_id in terms:
            beneath[parent_id].append((term_id, slug, name))
            self.term_ids_by_slug[slug].append(term_id)
        # Labels are markup: English with no translation is marked lang="en" (filter_checkboxes).
        self.fields["category"].choices = [
            (slug, reference_word_html(name))
            for top in beneath[None]
            for _, slug, name in (top, *beneath[top[0]])
        ]
        self.fields["language"].choices = [
            (code, reference_word_html(name))
            for code, name in Language.objects.values_list("code", "name")
        ]

    def clean_postcode(self):
        raw = self.cleaned_data["postcode"].strip()
        if not raw:
            return None
        try:
            return postcode_get(raw)
        except PostcodeError as error:
            raise forms.ValidationError(str(error)) from error

    def to_search(self) -> DirectorySearch:
        data = self.cleaned_data
        return DirectorySearch(
            postcode=data["postcode"],
            distance_miles=data["distance"],
            keywords=data["q"],
            categories=[i for slug in data["category"] for i in self.term_ids_by_slug[slug]],
            age_band=data["age"],
            languages=data["language"],
            cost=data["cost"],
            delivery=data["delivery"],
            access=data["access"],
            day=int(data["day"]) if data["day"] else None,
            features=data["feature"],
        )


# The editor's own Bengali and Somali, typed beside the English. lang lets a browser choose the
# right keyboard, spelling checker and font, and a screen reader the right voice.
TRANSLATION_FIELDS = {
    "name_bn": "bn",
    "description_bn": "bn",
    "name_so": "so",
    "description_so": "so",
}


class ServiceForm(forms.ModelForm):
    url = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Service
        formfield_callback = limited_formfield
        fields = [
            "name",
            "description",
            *TRANSLATION_FIELDS,
            "access",
            "accepts_referrals",
            "online",
            "by_phone",
            "minimum_age",
            "maximum_age",
            "for_pregnancy",
            "is_free",
            "fees_description",
            "interpreter",
            "sibling_creche",
            "bsl",
            "languages",
            "terms",
            "url",
            "email",
            "phone",
            "status",
        ]
        widgets = {
            "languages": forms.CheckboxSelectMultiple,
            "terms": forms.CheckboxSelectMultiple,
            "access": forms.RadioSelect,
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"] = forms.ModelMultipleChoiceField(
            queryset=locations_offerable_by(organisation),
            widget=forms.CheckboxSelectMultiple,
            label=_("Where it is offered"),
            initial=service_location_ids(self.instance),
        )
        for name, language in TRANSLATION_FIELDS.items():
            field = self.fields[name]
            field.widget.attrs["lang"] = language
            field.help_text = _(
                "Optional. If you leave it blank, families reading this language see the English."
            )

    def clean(self):
        data = super().clean()
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error(
                "maximum_age", _("The oldest age must be the same as or above the youngest")
            )
        if not data.get("is_free") and not data.get("fees_description"):
            self.add_error("fees_description", _("Say what it costs"))
        return data


class LocationForm(forms.ModelForm):
    """An editor's own venue. The postcode is checked and placed on the map."""

    class Meta:
        model = Location
        formfield_callback = limited_formfield
        fields = [
            "name",
            "description",
            "address_1",
            "address_2",
            "city",
            "postcode",
            "nearest_transport",
            *Location.ACCESS_FEATURES,
        ]

    def clean_postcode(self):
        raw = self.cleaned_data["postcode"]
        try:
            self.postcode_record = postcode_get(raw)
        except PostcodeError as error:
            raise forms.ValidationError(str(error)) from error
        return self.postcode_record.postcode


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = Schedule
        fields = ["weekday", "opens_at", "closes_at", "description"]
        widgets = {
            "opens_at": forms.TimeInput(format="%H:%M"),
            "closes_at": forms.TimeInput(format="%H:%M"),
        }

    def __init__(self, *args, places, **kwargs):
        """`places`: where the service is offered (directory.selectors.service_places)."""
        super().__init__(*args, **kwargs)
        self.fields["place"] = forms.ModelChoiceField(
            queryset=places, label=_("Where"), empty_label=None
        )

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and opens >= closes:
            self.add_error("closes_at", _("The end time must be after the start time"))
        return data


class OrganisationJoinForm(forms.ModelForm):
    """An organisation asks to be listed, naming the person the decision goes to.

    No password and no account yet: an approval makes the account. Nothing here depends on
    whether the email address has an account already, so the form cannot tell anyone that.
    """

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    contact_name = forms.CharField(label=_("Your full name"), max_length=150)
    contact_email = forms.EmailField(
        label=_("Your work email address"),
        help_text=_("We will email you here when your application is decided."),
    )

    class Meta:
        model = Organisation
        formfield_callback = limited_formfield
        fields = ["local_authority", "name", "sector", "description", "website", "email", "phone"]
        labels = {"local_authority": _("Council area you work in"), "name": _("Organisation name")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = Sector.choices
        self.fields["description"].required = True

    def clean_contact_email(self):
        return self.cleaned_data["contact_email"].strip().lower()
