"""The assessment page's one form: every area of the triangle, the voices, the analysis, consent,
and the version the editor started from (with what it said, signed, to tell their own changes from
a colleague's)."""

from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from familyhub.casework.areas import AREAS, SCORE_MAX, SCORE_MIN, TRIANGLE, domain_label
from familyhub.casework.services.assessment import area_key, voice_key

BASE_SALT = "familyhub.casework.assessment.base"

SCORE_CHOICES = [("", _("Not scored yet"))] + [
    (str(n), str(n)) for n in range(SCORE_MIN, SCORE_MAX + 1)
]
SCORE_CHOICES[1] = ("1", _("1 – no worries"))
SCORE_CHOICES[-1] = (str(SCORE_MAX), _("10 – severe worries"))


def sign_values(values: dict[str, Any]) -> str:
    return signing.dumps(values, salt=BASE_SALT, compress=True)


def unsign_values(token: str) -> dict[str, Any] | None:
    try:
        return signing.loads(token, salt=BASE_SALT)
    except signing.BadSignature:
        return None


def _text(value: Any) -> str:
    return (value or "").replace("\r\n", "\n").strip()


def normalise(key: str, value: Any) -> Any:
    """One value as saved, so that a form's value and a stored one compare equal."""
    if key.endswith("__score"):
        return None if value in (None, "") else int(value)
    if key == "consent_recorded":
        return bool(value)
    return _text(value)


# Room for any real assessment's paragraph; a form error, not a database error, beyond it.
TEXT_MAX_LENGTH = 10_000


class TextareaField(forms.CharField):
    widget = forms.Textarea

    def __init__(self, *, max_length: int = TEXT_MAX_LENGTH, **kwargs) -> None:
        super().__init__(max_length=max_length, **kwargs)

    def to_python(self, value):
        return _text(super().to_python(value))


class AssessmentForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    base_values = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, children, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.children = children
        # Each value's name in a sentence, for the conflict panel and the PDF.
        self.full_labels: dict[str, str] = {}
        for area in AREAS:
            for part, label, full in (
                ("strengths", _("What is going well"), _("%(area)s: what is going well")),
                ("needs", _("What needs to change"), _("%(area)s: what needs to change")),
            ):
                key = area_key(area.domain, area.key, part)
                self.fields[key] = TextareaField(
                    label=label, required=False, widget=forms.Textarea(attrs={"rows": 3})
                )
                self.full_labels[key] = str(full) % {"area": area.label}
            key = area_key(area.domain, area.key, "score")
            self.fields[key] = forms.TypedChoiceField(
                label=_("Score"),
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.full_labels[key] = str(_("%(area)s: score")) % {"area": area.label}
        for child in children:
            key = voice_key(child.pk)
            name = str(child) if child.given_name else str(_("The unborn child"))
            self.fields[key] = TextareaField(
                label=_("What %(name)s says") % {"name": name},
                help_text=_("In their own words, or how they showed it"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
            self.full_labels[key] = str(self.fields[key].label)
        self.fields["voice_of_parents"] = TextareaField(
            label=_("What the parents or carers say"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
        self.fields["analysis"] = TextareaField(
            label=_("Analysis"),
            help_text=_("What the strengths and needs mean for the family, and what should happen"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 8}),
        )
        self.fields["consent_recorded"] = forms.BooleanField(
            label=_("The family agreed to this assessment"), required=False
        )
        for key in ("voice_of_parents", "analysis", "consent_recorded"):
            self.full_labels[key] = str(self.fields[key].label)

    # What the template walks through.
    def sections(self) -> list[dict]:
        return [
            {
                "domain": domain,
                "label": domain_label(domain),
                "areas": [
                    {
                        "area": area,
                        "strengths": self[area_key(area.domain, area.key, "strengths")],
                        "needs": self[area_key(area.domain, area.key, "needs")],
                        "score": self[area_key(area.domain, area.key, "score")],
                    }
                    for area in areas
                ],
            }
            for domain, areas in TRIANGLE.items()
        ]

    def voice_fields(self) -> list[forms.BoundField]:
        return [self[voice_key(child.pk)] for child in self.children]

    def values(self) -> dict[str, Any]:
        """The content as the user has it now (after is_valid())."""
        return {
            key: normalise(key, value)
            for key, value in self.cleaned_data.items()
            if key not in ("base_version", "base_values")
        }

    def base(self) -> dict[str, Any] | None:
        """What the assessment said at base_version, when the page sent it intact."""
        token = self.cleaned_data.get("base_values") or ""
        return unsign_values(token) if token else None

    def changes(self) -> dict[str, Any]:
        """What this user changed since base_version; everything, if that is unknown."""
        values, base = self.values(), self.base()
        if base is None:
            return values
        return {
            key: value
            for key, value in values.items()
            if key not in base or normalise(key, base[key]) != value
        }
