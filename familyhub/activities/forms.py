"""The forms of What's on (its filters, booking a place) and of registers (ticking families in,
a walk-in, registering a family with the hub, staff booking a place)."""

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from familyhub.activities.models import MAX_CHILDREN, Booking
from familyhub.activities.selectors import RegisterRow
from familyhub.notifications.notify import SMS, sends_by
from familyhub.places.rules import PostcodeError
from familyhub.places.selectors import postcode_get

# How far ahead the day filter offers.
DAYS_AHEAD = 28


def _required(message: str) -> dict[str, str]:
    return {"required": message}


class WhatsOnForm(forms.Form):
    """The filters of /whats-on/: a place, a locality, a day. Every choice is a list, so no
    value a visitor types can be more than "not one of the choices"."""

    place = forms.ChoiceField(label=_("Place"), required=False)
    locality = forms.ChoiceField(label=_("Area"), required=False)
    day = forms.ChoiceField(label=_("Day"), required=False)

    def __init__(self, *args, places: list, localities: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        anywhere = [("", _("Anywhere"))]
        self.fields["place"].choices = anywhere + [(str(p.pk), p.name) for p in places]
        self.fields["locality"].choices = anywhere + [(str(x.pk), x.name) for x in localities]
        today = timezone.localdate()
        days = [today + dt.timedelta(days=n) for n in range(DAYS_AHEAD)]
        self.fields["day"].choices = [("", _("Any day"))] + [
            (day.isoformat(), date_format(day, "l j F")) for day in days
        ]

    def chosen_day(self) -> dt.date | None:
        value = self.cleaned_data.get("day") if self.is_valid() else ""
        return dt.date.fromisoformat(value) if value else None


class BookingForm(forms.Form):
    """A family books a place: who, how many children, and how to tell them."""

    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        error_messages=_required(_("Enter your name")),
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    children = forms.IntegerField(
        label=_("How many children are coming?"),
        min_value=1,
        max_value=MAX_CHILDREN,
        error_messages={
            "required": _("Enter how many children are coming"),
            "invalid": _("Enter how many children are coming, like 2"),
            "min_value": _("Enter how many children are coming, like 2"),
            "max_value": _("For more than 10 children, please call the hub"),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    children_ages = forms.CharField(
        label=_("How old are they?"),
        help_text=_("For example, 8 months and 3 years"),
        max_length=100,
        error_messages=_required(_("Enter how old the children are")),
    )
    channel = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=Booking.Channel.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("Select how we should contact you")),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    mobile = forms.CharField(
        label=_("Mobile phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    language = forms.ChoiceField(
        label=_("Which language should we write to you in?"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        error_messages=_required(_("Select a language")),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Without a text message service (no GOV.UK Notify key) only email is offered.
        if not sends_by(SMS):
            self.fields["channel"].choices = [(Booking.Channel.EMAIL, _("Email"))]

    def clean(self) -> dict:
        return _contact_clean(self, super().clean())

    def contact(self) -> str:
        return _contact(self.cleaned_data)


def _contact_clean(form: forms.Form, data: dict) -> dict:
    """The address or number for the channel chosen: present, and a number that looks like
    one. Shared by every form that asks how to contact a family."""
    channel = data.get("channel")
    if channel == Booking.Channel.EMAIL and not data.get("email") and "email" not in form.errors:
        form.add_error("email", _("Enter an email address"))
    mobile = (data.get("mobile") or "").strip()
    if channel == Booking.Channel.SMS and not mobile:
        form.add_error("mobile", _("Enter a mobile phone number"))
    elif mobile and not 10 <= sum(c.isdigit() for c in mobile) <= 13:
        form.add_error("mobile", _("Enter a phone number, like 07700 900 982"))
    return data


def _contact(data: dict) -> str:
    return data["email"] if data["channel"] == Booking.Channel.EMAIL else data["mobile"].strip()


# --- Registers (staff) -----------------------------------------------------------------------


class RegisterForm(forms.Form):
    """Who came: a checkbox per row of the register (selectors.register_rows), and the rows the
    form showed, so that saving takes away only ticks it knew of."""

    came = forms.MultipleChoiceField(
        label=_("Who came?"), required=False, widget=forms.CheckboxSelectMultiple
    )
    shown = forms.MultipleChoiceField(required=False, widget=forms.MultipleHiddenInput)

    def __init__(self, *args, rows: list[RegisterRow], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(row.key, row.name or _("Name forgotten")) for row in rows]
        for name in ("came", "shown"):
            self.fields[name].choices = choices  # type: ignore[attr-defined]
        self.initial = {
            "came": [row.key for row in rows if row.came],
            "shown": [row.key for row in rows],
        }


class WalkInForm(forms.Form):
    """Somebody who came without booking, as the worker writes them down."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        error_messages=_required(_("Enter their name")),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    children = forms.IntegerField(
        label=_("How many children came with them?"),
        min_value=0,
        max_value=MAX_CHILDREN,
        error_messages={
            "required": _("Enter how many children came, like 2"),
            "invalid": _("Enter how many children came, like 2"),
            "min_value": _("Enter how many children came, like 2"),
            "max_value": _("Enter at most 10 children: a larger group is more than one family"),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    register = forms.BooleanField(
        label=_("Register them with the hub next"),
        help_text=_("If they agree to be contacted about what the hub offers"),
        required=False,
    )


# A quick registration asks for this many children's dates of birth; more go on the record.
CHILDREN_ON_QUICK_FORM = 4
DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
# The oldest child a family hub registers: 19, or 25 with SEND (design/domain.md).
OLDEST_CHILD_YEARS = 25


def _date_field(label: str, help_text: str = "", required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        required=required,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": _("Enter a real date, like 14/9/2024")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class HubRegistrationForm(forms.Form):
    """A new family registers with the hub at a session: their household, how to contact them
    and their agreement to be contacted (the label names who by)."""

    name = forms.CharField(
        label=_("Household name"),
        help_text=_("Usually the family's last name"),
        max_length=120,
        error_messages=_required(_("Enter the household's name")),
    )
    parent_given_name = forms.CharField(
        label=_("Parent's first name"),
        max_length=100,
        error_messages=_required(_("Enter the parent's first name")),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    parent_family_name = forms.CharField(
        label=_("Parent's last name"),
        max_length=100,
        error_messages=_required(_("Enter the parent's last name")),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    address_1 = forms.CharField(label=_("Address (optional)"), max_length=200, required=False)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        error_messages=_required(_("Enter the family's postcode")),
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "govuk-input--width-10"}),
    )
    expecting = forms.BooleanField(label=_("Expecting a baby"), required=False)
    due_date = _date_field(_("Due date"), _("For example, 27/3/2027"))
    channel = forms.ChoiceField(
        label=_("How should the hub contact them?"),
        choices=Booking.Channel.choices,
        widget=forms.RadioSelect,
        error_messages=_required(_("Select how the hub should contact them")),
    )
    email = forms.EmailField(label=_("Email address"), max_length=254, required=False)
    mobile = forms.CharField(
        label=_("Mobile phone number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    language = forms.ChoiceField(
        label=_("Which language should the hub write to them in?"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        error_messages=_required(_("Select a language")),
    )
    agrees = forms.BooleanField(
        error_messages=_required(_("The family must agree to be contacted to register")),
    )
    # Set once the worker has seen the "may already be known" warning and goes on anyway.
    warned = forms.BooleanField(required=False, widget=forms.HiddenInput)
    attendance = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, contacted_by: str, hub: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, CHILDREN_ON_QUICK_FORM + 1):
            self.fields[f"child_{n}_name"] = forms.CharField(
                label=_("Child %(n)s: first name (optional)") % {"n": n},
                max_length=100,
                required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            )
            self.fields[f"child_{n}_born"] = _date_field(
                _("Child %(n)s: date of birth") % {"n": n}, _("For example, 14/9/2024")
            )
        self.fields["agrees"].label = _(
            "They agree to be contacted by %(organisation)s about what %(hub)s offers"
        ) % {"organisation": contacted_by, "hub": hub}
        if not sends_by(SMS):
            self.fields["channel"].choices = [  # type: ignore[attr-defined]
                (Booking.Channel.EMAIL, _("Email"))
            ]

    def child_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"child_{n}_name"], self[f"child_{n}_born"])
            for n in range(1, CHILDREN_ON_QUICK_FORM + 1)
        ]

    def clean_postcode(self) -> str:
        try:
            return postcode_get(self.cleaned_data["postcode"]).postcode
        except PostcodeError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self) -> dict:
        data = _contact_clean(self, super().clean())
        today = timezone.localdate()
        for n in range(1, CHILDREN_ON_QUICK_FORM + 1):
            born = data.get(f"child_{n}_born")
            if born and not today - dt.timedelta(days=365 * OLDEST_CHILD_YEARS) <= born <= today:
                self.add_error(f"child_{n}_born", _("Enter a date of birth in the past"))
            elif data.get(f"child_{n}_name") and not born and f"child_{n}_born" not in self.errors:
                self.add_error(f"child_{n}_born", _("Enter this child's date of birth"))
        due = data.get("due_date")
        born = [n for n in range(1, CHILDREN_ON_QUICK_FORM + 1) if data.get(f"child_{n}_born")]
        if not born and not data.get("expecting") and "child_1_born" not in self.errors:
            self.add_error(
                "child_1_born", _("Enter a child's date of birth, or that the family is expecting")
            )
        if data.get("expecting") and not due and "due_date" not in self.errors:
            self.add_error("due_date", _("Enter the due date"))
        elif due and not today - dt.timedelta(days=31) <= due <= today + dt.timedelta(days=300):
            self.add_error("due_date", _("Enter a due date in the next 10 months"))
        return data

    def children(self) -> tuple[tuple[str, dt.date], ...]:
        data = self.cleaned_data
        return tuple(
            (data[f"child_{n}_name"].strip(), data[f"child_{n}_born"])
            for n in range(1, CHILDREN_ON_QUICK_FORM + 1)
            if data.get(f"child_{n}_born")
        )

    def due(self) -> dt.date | None:
        return self.cleaned_data["due_date"] if self.cleaned_data.get("expecting") else None

    def contact(self) -> str:
        return _contact(self.cleaned_data)


class StaffBookingForm(BookingForm):
    """Staff book a place for a family: by its family record's reference if they may see it,
    or by name and contact alone."""

    family_reference = forms.CharField(
        label=_("Family reference (optional)"),
        help_text=_("If the family is on the family record, like FAM-ABC234"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    field_order = ["family_reference"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The same fields as a family's own booking, asked of the worker about them.
        self.fields["contact_name"].label = _("Name")
        self.fields["channel"].label = _("How should we contact them?")
        self.fields["language"].label = _("Which language should we write to them in?")
