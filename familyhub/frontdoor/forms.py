"""The questions of "ask for help once", one small form per page, in plain words."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyhub.families.models import Membership, Sex
from familyhub.frontdoor import rules
from familyhub.frontdoor.journey import ASKER_CHOICES, HELP_CHOICES
from familyhub.frontdoor.models import SupportRequest
from familyhub.frontdoor.selectors import languages_other
from familyhub.places.rules import PostcodeError, normalise_postcode
from familyhub.places.selectors import Council, postcode_council_elsewhere, postcode_get

EMAIL_FORMAT = _("Enter an email address in the right format, like name@example.com")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
PERSON_KINDS = [
    (Membership.Role.CHILD, _("A child or young person")),
    (Membership.Role.UNBORN, _("A baby you are expecting")),
    (Membership.Role.PARENT, _("A parent")),
    (Membership.Role.CARER, _("A carer, like a grandparent who looks after the children")),
]
SEX_CHOICES = [
    (Sex.FEMALE, _("Female")),
    (Sex.MALE, _("Male")),
    (Sex.UNKNOWN, _("I do not know or prefer not to say")),
]


class JourneyForm(forms.Form):
    # Pages use novalidate and GOV.UK error messages, not the browser's own bubbles.
    use_required_attribute = False


class DateInputWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes in one fieldset."""

    template_name = "frontdoor/widgets/date_input.html"
    use_fieldset = True
    parts = [("day", _("Day"), 2), ("month", _("Month"), 2), ("year", _("Year"), 4)]

    def __init__(self) -> None:
        super().__init__(widgets={name: forms.TextInput for name, _label, _width in self.parts})

    def decompress(self, value: dt.date | None) -> list:
        return [value.day, value.month, value.year] if value else [None, None, None]

    def get_context(self, name: str, value: object, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        attrs = attrs or {}
        widget = context["widget"]
        widget["has_error"] = attrs.get("aria-invalid") == "true"
        for subwidget, (_part, label, width) in zip(widget["subwidgets"], self.parts, strict=True):
            subwidget["label"], subwidget["width"] = label, width
        # The day box takes the field's own id, so the error summary's link lands on it.
        if attrs.get("id"):
            widget["subwidgets"][0]["attrs"]["id"] = attrs["id"]
        return context


class DateInputField(forms.MultiValueField):
    """A date typed as day, month and year, with the GOV.UK error messages.

    `messages` needs "required", "incomplete", "invalid" and "year"; range checks (past, future)
    belong to the form, which knows today.
    """

    widget = DateInputWidget

    def __init__(self, *, messages: dict[str, str], **kwargs: object) -> None:
        self.messages = messages
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def clean(self, value: list | None) -> dt.date | None:
        parts = [str(part or "").strip() for part in (value or ["", "", ""])]
        if not any(parts):
            if self.required:
                raise forms.ValidationError(self.messages["required"], code="required")
            return None
        if not all(parts):
            raise forms.ValidationError(self.messages["incomplete"], code="incomplete")
        if not all(part.isdigit() for part in parts):
            raise forms.ValidationError(self.messages["invalid"], code="invalid")
        day, month, year = (int(part) for part in parts)
        if len(parts[2]) != 4 or year < rules.EARLIEST_BIRTH_YEAR:
            raise forms.ValidationError(self.messages["year"], code="year")
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise forms.ValidationError(self.messages["invalid"], code="invalid") from None

    def compress(self, data_list: list) -> None:  # clean() above does the work
        return None


DATE_OF_BIRTH_MESSAGES = {
    "required": _("Enter their date of birth"),
    "incomplete": _("Date of birth must include a day, a month and a year"),
    "invalid": _("Date of birth must be a real date, like 27 3 2019"),
    "year": _("Year must have 4 numbers, like 2019"),
}
DUE_DATE_MESSAGES = {
    "required": _("Enter the due date"),
    "incomplete": _("Due date must include a day, a month and a year"),
    "invalid": _("Due date must be a real date"),
    "year": _("Year must have 4 numbers"),
}


def _required(message: str) -> dict[str, str]:
    return {"required": message}


class AskerForm(JourneyForm):
    asker = forms.ChoiceField(
        label=_("Who is asking for help?"),
        choices=ASKER_CHOICES,
        widget=forms.RadioSelect,
        error_messages=_required(_("Select who is asking for help")),
    )


class PersonKindForm(JourneyForm):
    role = forms.ChoiceField(
        label=_("Who do you want to add?"),
        help_text=_("Add everyone who lives in your home, one at a time. Start with the children."),
        choices=PERSON_KINDS,
        widget=forms.RadioSelect,
        error_messages=_required(_("Select who you want to add")),
    )


class PersonForm(JourneyForm):
    """A child, parent or carer. Sex is optional: families need not say."""

    given_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        error_messages=_required(_("Enter their first name")),
    )
    family_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        error_messages=_required(_("Enter their last name")),
    )
    date_of_birth = DateInputField(
        label=_("Date of birth"),
        help_text=_("For example, 27 3 2019"),
        messages=DATE_OF_BIRTH_MESSAGES,
    )
    sex = forms.ChoiceField(
        label=_("Sex (optional)"), choices=SEX_CHOICES, widget=forms.RadioSelect, required=False
    )

    def clean_date_of_birth(self) -> dt.date | None:
        born = self.cleaned_data["date_of_birth"]
        if born and born > timezone.localdate():
            raise forms.ValidationError(_("Date of birth must be today or in the past"))
        return born

    def clean_sex(self) -> str:
        return self.cleaned_data["sex"] or Sex.UNKNOWN


class UnbornForm(JourneyForm):
    due_date = DateInputField(
        label=_("When is the baby due?"),
        help_text=_("For example, 14 6 2026"),
        messages=DUE_DATE_MESSAGES,
    )
    sex = forms.ChoiceField(
        label=_("Sex (optional)"), choices=SEX_CHOICES, widget=forms.RadioSelect, required=False
    )

    def clean_due_date(self) -> dt.date | None:
        due = self.cleaned_data["due_date"]
        today = timezone.localdate()
        if due and due < today:
            raise forms.ValidationError(
                _("Due date must be today or later. If the baby has been born, add them as a child")
            )
        if due and due > rules.latest_due_date(today):
            raise forms.ValidationError(_("Due date must be in the next 10 months"))
        return due

    def clean_sex(self) -> str:
        return self.cleaned_data["sex"] or Sex.UNKNOWN


class AddAnotherForm(JourneyForm):
    add_another = forms.ChoiceField(
        label=_("Does anyone else live in your home?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages=_required(_("Select yes if anyone else lives in your home")),
    )


class RemoveForm(JourneyForm):
    confirm = forms.ChoiceField(
        label="",  # the page sets the question, which names the person
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages=_required(_("Select yes if you want to remove them")),
    )


class WorriesForm(JourneyForm):
    worries = forms.CharField(
        label=_("What is worrying you?"),
        help_text=_(
            "Use your own words. Tell us what is happening and how long it has been going on."
        ),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("Tell us what is worrying you"),
            "max_length": _("What is worrying you must be 5,000 characters or less"),
        },
    )


class HelpForm(JourneyForm):
    help = forms.MultipleChoiceField(
        label=_("What help would you like?"),
        help_text=_("Select all that apply."),
        choices=HELP_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    help_other = forms.CharField(
        label=_("Anything else? (optional)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        error_messages={"max_length": _("This must be 2,000 characters or less")},
    )

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("help") and not (data.get("help_other") or "").strip():
            self.add_error("help", _("Select the help you would like, or tell us in your words"))
        return data


class SafetyForm(JourneyForm):
    at_risk = forms.ChoiceField(
        label=_("Is a child, or anyone else in your home, at risk of harm right now?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages=_required(_("Select yes if anyone is at risk of harm right now")),
    )


class AddressForm(JourneyForm):
    address_1 = forms.CharField(
        label=_("Address line 1"),
        max_length=200,
        error_messages=_required(_("Enter the first line of your address")),
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    address_2 = forms.CharField(
        label=_("Address line 2 (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
    )
    city = forms.CharField(
        label=_("Town or city"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        error_messages=_required(_("Enter a postcode")),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )

    # The council of a real postcode outside our area, for the page to point the family there.
    council_elsewhere: Council | None = None

    def clean_postcode(self) -> str:
        typed = self.cleaned_data["postcode"]
        try:
            self.postcode_found = postcode_get(typed)
        except PostcodeError as error:
            # "Try a nearby postcode" is wrong for a family who simply lives elsewhere: tell
            # them whose area they are in.
            self.council_elsewhere = postcode_council_elsewhere(typed)
            if self.council_elsewhere is None:
                raise forms.ValidationError(str(error)) from None
            raise forms.ValidationError(self._outside_our_area(normalise_postcode(typed))) from None
        return self.postcode_found.postcode

    def _outside_our_area(self, postcode: str) -> str:
        council = self.council_elsewhere
        if council and council.name:
            return _("%(postcode)s is in %(council)s, outside the area we cover") % {
                "postcode": postcode,
                "council": council.name,
            }
        return _("%(postcode)s is outside the area we cover") % {"postcode": postcode}


class ContactForm(JourneyForm):
    """How to reach the family. The detail each way needs is asked beside its choice."""

    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        error_messages=_required(_("Enter your name")),
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    contact_method = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=SupportRequest.Contact.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("Select how we should contact you")),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    mobile = forms.CharField(
        label=_("Mobile phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        required=False,
        error_messages={"invalid": EMAIL_FORMAT},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        method = data.get("contact_method")
        needs = {
            SupportRequest.Contact.PHONE: ("phone", _("Enter a phone number")),
            SupportRequest.Contact.TEXT: ("mobile", _("Enter a mobile phone number")),
            SupportRequest.Contact.EMAIL: ("email", _("Enter an email address")),
        }
        if method in needs:
            name, message = needs[method]
            if not (data.get(name) or "").strip() and name not in self.errors:
                self.add_error(name, message)
        for name in ("phone", "mobile"):
            number = (data.get(name) or "").strip()
            if number and sum(c.isdigit() for c in number) < 10:
                self.add_error(name, _("Enter a phone number, like 07700 900 982"))
        return data

    def model_fields(self) -> dict[str, str]:
        data = self.cleaned_data
        phone = data["mobile"] if data["contact_method"] == "text" else data["phone"]
        return {
            "contact_name": data["contact_name"],
            "contact_method": data["contact_method"],
            "phone": (phone or data["phone"] or data["mobile"]).strip(),
            "email": data["email"],
        }


class LanguageForm(JourneyForm):
    language = forms.ChoiceField(
        label=_("Which language should we use when we contact you?"),
        choices=[
            ("en", _("English")),
            ("bn", _("Bengali")),
            ("so", _("Somali")),
            ("other", _("Another language")),
        ],
        widget=forms.RadioSelect,
        error_messages=_required(_("Select a language")),
    )
    other_language = forms.ChoiceField(label=_("Choose the language"), required=False)
    interpreter = forms.ChoiceField(
        label=_("Do you need an interpreter?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages=_required(_("Select yes if you need an interpreter")),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other_language"].choices = [
            ("", _("Choose a language")),
            *((language.code, language.name) for language in languages_other()),
        ]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("language") == "other" and not data.get("other_language"):
            self.add_error("other_language", _("Choose the language you would like us to use"))
        return data

    def language_code(self) -> str:
        data = self.cleaned_data
        return data["other_language"] if data["language"] == "other" else data["language"]


class SharingForm(JourneyForm):
    consent = forms.ChoiceField(
        label=_("Do you agree to us sharing your information with Family Hub partners?"),
        choices=[
            ("yes", _("Yes, I agree")),
            ("no", _("No, only the council's early help team can see it")),
        ],
        widget=forms.RadioSelect,
        error_messages=_required(_("Select yes if you agree to us sharing your information")),
    )


class SubmitForm(JourneyForm):
    submission_key = forms.UUIDField(widget=forms.HiddenInput)


class EmailLinkForm(JourneyForm):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter an email address"),
            "invalid": EMAIL_FORMAT,
        },
    )
