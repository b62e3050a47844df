"""The public forms of What's on: its filters, booking a place."""

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from familyhub.activities.models import MAX_CHILDREN, Booking
from familyhub.notifications.notify import SMS, sends_by

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
        data = super().clean()
        channel = data.get("channel")
        if (
            channel == Booking.Channel.EMAIL
            and not data.get("email")
            and "email" not in self.errors
        ):
            self.add_error("email", _("Enter an email address"))
        mobile = (data.get("mobile") or "").strip()
        if channel == Booking.Channel.SMS and not mobile:
            self.add_error("mobile", _("Enter a mobile phone number"))
        elif mobile and not 10 <= sum(c.isdigit() for c in mobile) <= 13:
            self.add_error("mobile", _("Enter a phone number, like 07700 900 982"))
        return data

    def contact(self) -> str:
        data = self.cleaned_data
        return data["email"] if data["channel"] == Booking.Channel.EMAIL else data["mobile"].strip()
