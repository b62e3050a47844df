from django import forms
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.models import Role, User
from familyhub.frontdoor.models import NeedLevel


class DecisionForm(forms.Form):
    level = forms.ModelChoiceField(
        queryset=NeedLevel.objects.none(),
        widget=forms.RadioSelect,
        label=_("Level on the continuum of needs"),
        empty_label=None,
    )
    reason = forms.CharField(label=_("Why this level"), widget=forms.Textarea(attrs={"rows": 4}))
    lead_professional = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Lead professional"),
        help_text=_("Needed when the request is allocated to a hub team"),
    )

    def __init__(self, *args, local_authority_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = NeedLevel.objects.filter(
            local_authority_id=local_authority_code
        )
        self.fields["level"].label_from_instance = lambda level: (
            f"{level.number} – {level.name}: {level.get_route_display()}"
        )
        self.fields["lead_professional"].queryset = (
            User.objects.filter(
                memberships__role=Role.LEAD_PROFESSIONAL,
                memberships__organisation__local_authority_id=local_authority_code,
            )
            .distinct()
            .order_by("last_name", "first_name")
        )

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
