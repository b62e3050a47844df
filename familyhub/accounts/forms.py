"""The two sign-in steps' forms: email and password, then a code from an authenticator app."""

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """Django's sign-in form (checked through django-axes), with GOV.UK wording.

    Its email field keeps AuthenticationForm's name, "username", which axes reads.
    The one error for a wrong email or password never says which was wrong.
    """

    error_messages = {
        "invalid_login": _("Enter a correct email address and password"),
        "inactive": _("Enter a correct email address and password"),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].error_messages["required"] = _("Enter your email address")
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["username"].widget.input_type = "email"
        self.fields["password"].label = _("Password")
        self.fields["password"].error_messages["required"] = _("Enter your password")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Enter the 6-digit code from your authenticator app"),
        help_text=_("The code changes every 30 seconds."),
        max_length=20,
        error_messages={"required": _("Enter the 6-digit code from your authenticator app")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-5 govuk-input--extra-letter-spacing",
            }
        ),
    )

    def clean_code(self) -> str:
        # People type codes as "123 456" or "123-456".
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("The code must be 6 digits, like 123456"))
        return code
