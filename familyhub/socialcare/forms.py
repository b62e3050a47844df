"""Social care's forms: the advice with a returned handover, and the step-down (the partners'
referral form without its choice of destination: a step-down always goes to the front door)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from familyhub.directory.models import Service
from familyhub.frontdoor.referrals.forms import NO, ReferralForm

ADVICE_MAX_LENGTH = 5_000


class ReturnForm(forms.Form):
    advice = forms.CharField(
        label=_("Your advice for early help"),
        help_text=_(
            "Why the family does not need children's social care now, and what early help "
            "should do. The lead professional or triage reads this."
        ),
        max_length=ADVICE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Give your advice for early help"),
            "max_length": _("Your advice must be 5,000 characters or fewer"),
        },
    )


class StepDownForm(ReferralForm):
    # Not asked: the family goes to the front door, and social care holds any risk itself.
    NOT_ASKED = ("destination", "service", "at_risk")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, services=Service.objects.none(), **kwargs)
        for name in self.NOT_ASKED:
            del self.fields[name]

    def clean(self) -> dict:
        data = super().clean()
        data["at_risk"] = NO
        return data
