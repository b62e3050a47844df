from uuid import UUID

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from familyhub.accounts.models import User
from familyhub.directory.models import Location, Service
from familyhub.directory.selectors import public_services
from familyhub.families.models import Person
from familyhub.frontdoor.models import NeedLevel, RequestPerson
from familyhub.triage.rules import SIGNPOSTS_MOST
from familyhub.triage.selectors import Offered, hubs_of, lead_professionals_in, levels_of


def _candidate_label(candidate: Offered) -> str:
    """The minimum to decide on (triage.selectors.Offered): never a stranger's full name."""
    return _(
        "%(initials)s, born %(year)s, household %(households)s (%(score)d%% likely: %(reasons)s)"
    ) % {
        "initials": candidate.initials or "—",
        "year": candidate.born_year or "—",
        "households": ", ".join(candidate.households) or _("none"),
        "score": round(candidate.score * 100),
        "reasons": "; ".join(candidate.reasons),
    }


def _lead_label(lead: User) -> str:
    """A lead professional with their open caseload (selectors.lead_professionals_in)."""
    return ngettext(
        "%(name)s (%(count)d open episode)",
        "%(name)s (%(count)d open episodes)",
        lead.open_episodes,
    ) % {"name": lead.get_full_name() or lead.email, "count": lead.open_episodes}


def _hub_label(hub: Location) -> str:
    """A hub with its locality: triage knows the borough by its localities."""
    if hub.locality is None:
        return hub.name
    return _("%(hub)s (%(locality)s)") % {"hub": hub.name, "locality": hub.locality.name}


def _service_label(service: Service) -> str:
    return _("%(service)s – %(organisation)s") % {
        "service": service.name,
        "organisation": service.organisation.name,
    }


class HubChoiceField(forms.ModelChoiceField):
    """A family hub from the list. A value that is no id at all is one more hub not listed:
    the model's own message would speak of UUIDs."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from error


class ServicesChoiceField(forms.ModelMultipleChoiceField):
    """Services from the list; as HubChoiceField, a value that is no id at all is one more
    service not listed."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except ValidationError as error:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from error


class DecisionForm(forms.Form):
    level = forms.ModelChoiceField(
        queryset=NeedLevel.objects.none(),
        widget=forms.RadioSelect,
        label=_("Level on the continuum of needs"),
        empty_label=None,
        error_messages={"required": _("Choose the level of need")},
    )
    reason = forms.CharField(
        label=_("Why this level"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Say why you chose this level"),
            "max_length": _("Why this level must be 5,000 characters or fewer"),
        },
    )
    lead_professional = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Lead professional"),
        help_text=_(
            "Needed when the request is allocated to a hub team. Each is shown with the "
            "episodes they lead now."
        ),
        empty_label=_("Choose a lead professional"),
        error_messages={"invalid_choice": _("Choose one of the lead professionals listed")},
    )
    hub = HubChoiceField(
        queryset=Location.objects.none(),
        required=False,
        label=_("Family hub"),
        help_text=_(
            "Needed when the request is allocated to a hub team: the hub team that works with "
            "the family. The hub of the family's locality is chosen for you."
        ),
        empty_label=_("Choose a family hub"),
        error_messages={"invalid_choice": _("Choose one of the family hubs listed")},
    )
    services = ServicesChoiceField(
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Services to send the family"),
        error_messages={
            "invalid_choice": _("Choose services from the list"),
            "invalid_list": _("Choose services from the list"),
        },
    )

    def __init__(
        self,
        *args,
        local_authority_code: str,
        candidates: list[tuple[RequestPerson, list[Offered]]] = (),
        hub_serving: Location | None = None,
        shortlist: list[Service] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        # One question per described person who may already be in the shared record: a human
        # confirms every match; "a new record" is the default.
        self.match_fields = []
        self._offered: dict[str, dict[str, Person]] = {}
        for described, found in candidates:
            if not found:
                continue
            name = f"match_{described.pk}"
            self._offered[name] = {str(c.person.pk): c.person for c in found}
            self.fields[name] = forms.ChoiceField(
                label=_("Is %(name)s somebody already in the shared record?") % {"name": described},
                widget=forms.RadioSelect,
                initial="new",
                choices=[
                    ("new", _("No: start a new record")),
                    *[(str(c.person.pk), _candidate_label(c)) for c in found],
                ],
            )
            self.match_fields.append((self[name], found))
        self.fields["level"].queryset = levels_of(local_authority_code)
        self.fields["level"].label_from_instance = lambda level: (
            f"{level.number} – {level.name}: {level.get_route_display()}"
        )
        self.fields["lead_professional"].queryset = lead_professionals_in(local_authority_code)
        self.fields["lead_professional"].label_from_instance = _lead_label
        self._offer_hubs(local_authority_code, hub_serving)
        self._offer_services(local_authority_code, list(shortlist))

    def _offer_hubs(self, local_authority_code: str, serving: Location | None) -> None:
        """The council's family hubs, the one serving the family's postcode chosen already. A
        council with no hubs in its directory allocates without one (the field is not shown)."""
        hub = self.fields["hub"]
        hub.queryset = hubs_of(local_authority_code)
        hub.label_from_instance = _hub_label
        hub.initial = serving
        self.offers_hub = hub.queryset.exists()

    def _offer_services(self, local_authority_code: str, shortlist: list[Service]) -> None:
        """The shortlist to tick from, and any service already ticked that a search since has
        not found again (so a search never loses a choice). Any of the council's live services
        may be chosen: the list shows the likely ones, the search finds the others."""
        field = self.fields["services"]
        field.help_text = _(
            "When you signpost: choose up to %(most)d, nearest to the family first. We send "
            "them to the family in their language, by text message or email as they chose."
        ) % {"most": SIGNPOSTS_MOST}
        field.queryset = public_services().filter(local_authority_id=local_authority_code)
        name = self.add_prefix("services")
        ticked = field.widget.value_from_datadict(self.data, self.files, name) or []
        ticked = ticked or [str(pk) for pk in self.initial.get("services") or []]
        offered = shortlist + [
            service
            for service in field.queryset.filter(pk__in=_uuids(ticked)).select_related(
                "organisation"
            )
            if service not in shortlist
        ]
        field.choices = [(service.pk, _service_label(service)) for service in offered]

    def matches(self) -> dict[int, Person]:
        """The described people triage confirmed as somebody known, by RequestPerson id."""
        chosen = {}
        for name, offered in self._offered.items():
            value = self.cleaned_data.get(name)
            if value and value != "new":
                chosen[int(name.removeprefix("match_"))] = offered[value]
        return chosen

    def clean(self):
        data = super().clean()
        level = data.get("level")
        route = level.route if level is not None else None
        if route == NeedLevel.Route.HUB_ALLOCATION:
            if not data.get("lead_professional"):
                self.add_error("lead_professional", _("Choose the lead professional"))
            if self.offers_hub and not data.get("hub") and "hub" not in self.errors:
                self.add_error("hub", _("Choose the family hub"))
        else:
            data["hub"] = None  # the hub is for allocations only
        if route == NeedLevel.Route.SIGNPOST:
            self._check_services(data.get("services"))
        else:
            data["services"] = []  # sent to the family only when signposting
        return data

    def _check_services(self, chosen) -> None:
        if "services" in self.errors:
            return
        if not chosen and self.fields["services"].choices:
            self.add_error("services", _("Choose the services to send the family"))
        elif chosen and len(chosen) > SIGNPOSTS_MOST:
            most = {"most": SIGNPOSTS_MOST}
            self.add_error(
                "services", _("Choose %(most)d services or fewer to send the family") % most
            )

    def answers(self) -> dict:
        """What was typed and chosen, as a new form's `initial`: a search for services shows
        the page again with every answer kept, and judges none of them yet."""
        return {name: self[name].value() for name in self.fields}


class ServiceSearchForm(forms.Form):
    """Triage's search of the directory for services to signpost a family to, beyond the
    shortlist near their postcode. On the decision page, inside its form (so that searching
    keeps the answers given), with its own button."""

    service_search = forms.CharField(
        label=_("Find other services"),
        help_text=_("Words from the service's name or what it does, such as speech or debt"),
        max_length=100,
        required=False,
        error_messages={"max_length": _("Search words must be 100 characters or fewer")},
    )

    def words(self) -> str:
        """The words searched for; none when nothing (or nothing valid) was asked."""
        return self.cleaned_data["service_search"] if self.is_bound and self.is_valid() else ""


def _uuids(values: list[str]) -> list[UUID]:
    """The values that are ids at all: anything else is an invalid choice for the field."""
    found = []
    for value in values:
        try:
            found.append(UUID(str(value)))
        except ValueError:
            continue
    return found


class JoinDecisionForm(forms.Form):
    """A locality manager's answer to a join that waits."""

    decision = forms.ChoiceField(
        label=_("Should this request join the household?"),
        widget=forms.RadioSelect,
        choices=[
            ("confirm", _("Yes: join it to the household, under the household's own consent")),
            ("refuse", _("No: keep them apart and open a new household for the request")),
        ],
    )
    note = forms.CharField(
        label=_("Why"),
        max_length=1_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
