"""The referral form: one page in sections, for trained practitioners (not one question a page).

The household is a fixed set of rows (three children, two adults) named "child1_given_name",
"adult2_nhs_number"… so that one form, and so one GOV.UK error summary, covers the whole page.
"""

import re
from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyhub.directory.models import Language, Service
from familyhub.families.identifiers import normalise_nhs_number
from familyhub.families.models import Membership
from familyhub.frontdoor import rules as frontdoor_rules
from familyhub.frontdoor.forms import EMAIL_FORMAT, DateInputField
from familyhub.frontdoor.referrals import rules
from familyhub.frontdoor.referrals.services import ReferralData, ReferredPerson
from familyhub.places.rules import PostcodeError
from familyhub.places.selectors import postcode_get

CHILD_ROWS = 3
ADULT_ROWS = 2
FRONT_DOOR, SERVICE = "front_door", "service"
YES, NO = "yes", "no"
FRONT_DOOR_ONLY = "front_door_only"
PERSON_PARTS = ("given_name", "family_name", "date_of_birth", "due_date", "nhs_number")
CHILD_ROLES = (Membership.Role.CHILD, Membership.Role.UNBORN)
ADULT_ROLES = [(Membership.Role.PARENT, _("Parent")), (Membership.Role.CARER, _("Carer"))]


def _required(message: str) -> dict[str, str]:
    return {"required": message}


def _date_messages(what: str, who: str) -> dict[str, str]:
    values = {"what": what, "who": who}
    return {
        "required": _("Enter the %(what)s of %(who)s") % values,
        "incomplete": _("The %(what)s of %(who)s must include a day, a month and a year") % values,
        "invalid": _("The %(what)s of %(who)s must be a real date") % values,
        "year": _("The year of the %(what)s of %(who)s must have 4 numbers") % values,
    }


class NHSNumberField(forms.CharField):
    """Optional; ten digits with the NHS mod-11 check digit, so a typo never matches a stranger."""

    def __init__(self, *, who: str, **kwargs: object) -> None:
        self.who = who
        super().__init__(max_length=20, required=False, **kwargs)

    def clean(self, value: str | None) -> str:
        value = super().clean(value)
        if not value:
            return ""
        try:
            return normalise_nhs_number(value)
        except ValueError:
            digits = re.sub(r"[\s-]+", "", value)
            if len(digits) == 10 and digits.isdigit():
                message = _("Check the NHS number of %(who)s: one of the digits is not right")
            else:
                message = _("The NHS number of %(who)s must be 10 digits, like 943 476 5919")
            raise forms.ValidationError(message % {"who": self.who}) from None


@dataclass
class PersonRow:
    """One child or adult's fields on the page, for the template."""

    prefix: str
    legend: str
    fields: list[forms.BoundField]


class ReferralForm(forms.Form):
    # GOV.UK error messages, not the browser's own bubbles.
    use_required_attribute = False

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    destination = forms.ChoiceField(
        label=_("Where should the referral go?"),
        choices=[
            (FRONT_DOOR, _("The Family Hub front door")),
            (SERVICE, _("A service in the directory")),
        ],
        widget=forms.RadioSelect,
        error_messages=_required(_("Select where the referral should go")),
    )
    service = forms.ModelChoiceField(
        label=_("Service"),
        help_text=_(
            "If you chose a service in the directory. Only services that take referrals are listed."
        ),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Choose a service"),
        error_messages={"invalid_choice": _("Choose a service from the list")},
    )
    address_1 = forms.CharField(
        label=_("Address line 1"),
        max_length=200,
        error_messages=_required(_("Enter the first line of the family's address")),
    )
    address_2 = forms.CharField(
        label=_("Address line 2 (optional)"), max_length=200, required=False
    )
    city = forms.CharField(label=_("Town or city (optional)"), max_length=100, required=False)
    postcode = forms.CharField(
        label=_("Postcode"), max_length=10, error_messages=_required(_("Enter the postcode"))
    )
    worries = forms.CharField(
        label=_("What is worrying you, and why now?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Say what is worrying you, and why now"),
            "max_length": _("What is worrying you must be 5,000 characters or less"),
        },
    )
    help_wanted = forms.CharField(
        label=_("What help do you think the family needs?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Say what help the family needs"),
            "max_length": _("What help the family needs must be 5,000 characters or less"),
        },
    )
    at_risk = forms.ChoiceField(
        label=_("Is a child at risk of significant harm?"),
        choices=[(YES, _("Yes")), (NO, _("No"))],
        widget=forms.RadioSelect,
        error_messages=_required(_("Select yes if a child is at risk of significant harm")),
    )
    consent = forms.ChoiceField(
        label=_("Has the family agreed to this referral and to sharing their information?"),
        help_text=_("A referral straight to a service needs the family's agreement."),
        choices=[
            (YES, _("Yes, to the referral and to sharing with the Family Hub partners")),
            (FRONT_DOOR_ONLY, _("No, only the Family Hub front door may see it")),
        ],
        widget=forms.RadioSelect,
        error_messages=_required(_("Select whether the family has agreed")),
    )
    contact_name = forms.CharField(
        label=_("Who should we contact in the family?"),
        max_length=150,
        error_messages=_required(_("Enter the name of who to contact in the family")),
    )
    phone = forms.CharField(
        label=_("Their phone number"),
        help_text=_("Give a phone number or an email address, or both."),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    email = forms.EmailField(
        label=_("Their email address (optional)"),
        max_length=254,
        required=False,
        error_messages={"invalid": EMAIL_FORMAT},
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )
    language = forms.ModelChoiceField(
        label=_("The language the family would like us to use (optional)"),
        queryset=Language.objects.order_by("name"),
        required=False,
        empty_label=_("Not known"),
    )
    interpreter = forms.BooleanField(label=_("They need an interpreter"), required=False)

    def __init__(self, *args: object, services: QuerySet[Service], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["service"].label_from_instance = lambda s: f"{s.name} ({s.organisation.name})"
        for n in range(1, CHILD_ROWS + 1):
            self._add_person(f"child{n}", _("child %(n)s") % {"n": n}, child=True)
        for n in range(1, ADULT_ROWS + 1):
            self._add_person(f"adult{n}", _("parent or carer %(n)s") % {"n": n}, child=False)
        # The page's order, which is also the error summary's.
        people = [name for name in self.fields if name.startswith(("child", "adult"))]
        self.order_fields(["submission_key", "destination", "service", *people])

    def _add_person(self, prefix: str, who: str, *, child: bool) -> None:
        if not child:
            self.fields[f"{prefix}_role"] = forms.ChoiceField(
                label=_("Relationship"), choices=ADULT_ROLES, required=False
            )
        self.fields[f"{prefix}_given_name"] = forms.CharField(
            label=_("First name"), max_length=100, required=False
        )
        self.fields[f"{prefix}_family_name"] = forms.CharField(
            label=_("Last name"), max_length=100, required=False
        )
        self.fields[f"{prefix}_date_of_birth"] = DateInputField(
            label=_("Date of birth") if child else _("Date of birth (optional)"),
            help_text=_("For example, 27 3 2019"),
            messages=_date_messages(_("date of birth"), who),
            required=False,
        )
        if child:
            self.fields[f"{prefix}_due_date"] = DateInputField(
                label=_("Or, for a baby not born yet, the due date"),
                help_text=_("For example, 14 6 2026"),
                messages=_date_messages(_("due date"), who),
                required=False,
            )
        self.fields[f"{prefix}_nhs_number"] = NHSNumberField(
            label=_("NHS number (optional)"), who=who
        )

    def person_rows(self, kind: str) -> list[PersonRow]:
        count = CHILD_ROWS if kind == "child" else ADULT_ROWS
        legend = _("Child %(n)s") if kind == "child" else _("Parent or carer %(n)s")
        rows = []
        for n in range(1, count + 1):
            prefix = f"{kind}{n}"
            names = [name for name in self.fields if name.startswith(prefix + "_")]
            rows.append(PersonRow(prefix, legend % {"n": n}, [self[name] for name in names]))
        return rows

    def clean_postcode(self) -> str:
        try:
            self.postcode_found = postcode_get(self.cleaned_data["postcode"])
        except PostcodeError as error:
            raise forms.ValidationError(str(error)) from None
        return self.postcode_found.postcode

    def clean(self) -> dict:
        data = super().clean()
        self.people: list[ReferredPerson] = []
        for n in range(1, CHILD_ROWS + 1):
            self._clean_child(f"child{n}", _("child %(n)s") % {"n": n})
        for n in range(1, ADULT_ROWS + 1):
            self._clean_adult(f"adult{n}", _("parent or carer %(n)s") % {"n": n})
        children = [p for p in self.people if p.role in CHILD_ROLES]
        child_errors = any(self._row_has_errors(f"child{n}") for n in range(1, CHILD_ROWS + 1))
        if not children and not child_errors:
            self.add_error(
                "child1_given_name", _("Tell us about at least one child, or a baby expected")
            )
        self._clean_destination(data)
        no_contact = not (data.get("phone") or "").strip() and not data.get("email")
        if no_contact and "email" not in self.errors:
            self.add_error("phone", _("Enter a phone number or an email address"))
        return data

    def _row_has_errors(self, prefix: str) -> bool:
        return any(name.startswith(prefix + "_") for name in self.errors)

    def _row(self, prefix: str) -> dict:
        return {part: self.cleaned_data.get(f"{prefix}_{part}") for part in PERSON_PARTS}

    def _row_used(self, prefix: str, row: dict) -> bool:
        return self._row_has_errors(prefix) or any(row.values())

    def _need_names(self, prefix: str, row: dict, who: str) -> bool:
        ok = True
        for part, message in (
            ("given_name", _("Enter the first name of %(who)s")),
            ("family_name", _("Enter the last name of %(who)s")),
        ):
            if not (row[part] or "").strip():
                self.add_error(f"{prefix}_{part}", message % {"who": who})
                ok = False
        return ok

    def _clean_child(self, prefix: str, who: str) -> None:
        row = self._row(prefix)
        if not self._row_used(prefix, row):
            return
        today = timezone.localdate()
        born, due = row["date_of_birth"], row["due_date"]
        values = {"who": who}
        if born and due:
            self.add_error(
                f"{prefix}_due_date",
                _("Enter a date of birth or a due date for %(who)s, not both") % values,
            )
        elif not born and not due:
            if not self._row_has_errors(prefix):
                self.add_error(
                    f"{prefix}_date_of_birth",
                    _("Enter the date of birth of %(who)s, or the due date of a baby not born yet")
                    % values,
                )
        elif born and born > today:
            self.add_error(
                f"{prefix}_date_of_birth",
                _("The date of birth of %(who)s must be today or in the past") % values,
            )
        elif due and not today <= due <= frontdoor_rules.latest_due_date(today):
            self.add_error(
                f"{prefix}_due_date",
                _("The due date of %(who)s must be in the next 10 months") % values,
            )
        # A baby not born yet may have no name; everybody else needs one.
        named = self._need_names(prefix, row, who) if born else True
        if named and not self._row_has_errors(prefix):
            role = Membership.Role.UNBORN if due else Membership.Role.CHILD
            self.people.append(self._person(role, row))

    def _clean_adult(self, prefix: str, who: str) -> None:
        row = self._row(prefix) | {"due_date": None}
        if not self._row_used(prefix, row):
            return
        born = row["date_of_birth"]
        if born and born > timezone.localdate():
            self.add_error(
                f"{prefix}_date_of_birth",
                _("The date of birth of %(who)s must be in the past") % {"who": who},
            )
        self._need_names(prefix, row, who)
        if not self._row_has_errors(prefix):
            role = self.cleaned_data.get(f"{prefix}_role") or Membership.Role.PARENT
            self.people.append(self._person(role, row))

    @staticmethod
    def _person(role: str, row: dict) -> ReferredPerson:
        return ReferredPerson(
            role=role,
            given_name=(row["given_name"] or "").strip(),
            family_name=(row["family_name"] or "").strip(),
            date_of_birth=row["date_of_birth"],
            due_date=row["due_date"],
            nhs_number=row["nhs_number"] or "",
        )

    def _clean_destination(self, data: dict) -> None:
        if data.get("destination") != SERVICE or data.get("at_risk") == YES:
            # A child at risk always goes to the front door, whatever service was chosen.
            data["service"] = None
            return
        if data.get("service") is None:
            if "service" not in self.errors:
                self.add_error("service", _("Choose the service"))
        elif data.get("consent") == FRONT_DOOR_ONLY:
            self.add_error(
                "consent",
                _(
                    "The family must agree before you refer them to a service. If they agree "
                    "only to the front door, send the referral there"
                ),
            )

    @property
    def at_risk_answered_yes(self) -> bool:
        """For the urgent banner, shown even while other answers still have errors."""
        return self.is_bound and self.data.get("at_risk") == YES

    def referral_data(self) -> ReferralData:
        data = self.cleaned_data
        at_risk = data["at_risk"] == YES
        return ReferralData(
            service=rules.service_for(chosen=data["service"], at_risk=at_risk),
            people=self.people,
            address_1=data["address_1"],
            address_2=data["address_2"],
            city=data["city"],
            postcode=data["postcode"],
            postcode_local_authority_code=self.postcode_found.local_authority_code,
            worries=data["worries"],
            help_wanted=data["help_wanted"],
            consent_to_share=data["consent"] == YES,
            at_risk=at_risk,
            contact_name=data["contact_name"],
            phone=data["phone"].strip(),
            email=data["email"],
            language=data["language"],
            interpreter=data["interpreter"],
        )


class DeclineForm(forms.Form):
    """The receiving service says no, and why: the referrer needs it to find other help."""

    reason = forms.CharField(
        label=_("Why you are declining this referral"),
        help_text=_("The referrer reads this. Do not repeat the family's details."),
        max_length=1_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Say why you are declining this referral"),
            "max_length": _("The reason must be 1,000 characters or fewer"),
        },
    )


class CompleteForm(forms.Form):
    """The receiving service's support has ended: what came of it, for the referrer."""

    outcome = forms.CharField(
        label=_("What the outcome was"),
        help_text=_("For example, the family came to 6 sessions. The referrer reads this."),
        max_length=1_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Say what the outcome was"),
            "max_length": _("The outcome must be 1,000 characters or fewer"),
        },
    )
