from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from familyhub.accounts.models import User
from familyhub.families.models import Person
from familyhub.frontdoor.models import NeedLevel, RequestPerson
from familyhub.triage.selectors import Offered, lead_professionals_in, levels_of


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

    def __init__(
        self,
        *args,
        local_authority_code: str,
        candidates: list[tuple[RequestPerson, list[Offered]]] = (),
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
        if (
            level is not None
            and level.route == NeedLevel.Route.HUB_ALLOCATION
            and not data.get("lead_professional")
        ):
            self.add_error("lead_professional", _("Choose the lead professional"))
        return data


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
