"""The two sign-in steps' forms: email and password, then a code from an authenticator app."""

import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.utils.translation import gettext_lazy as _

# Longer than any password manager makes; beyond it a form error before any hashing.
PASSWORD_MAX_LENGTH = 1_000


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
        self.fields["password"].max_length = PASSWORD_MAX_LENGTH
        # AuthenticationForm sets the email's max_length but not its check: an overlong email
        # would reach the database lookup (SQLite refuses a LIKE pattern that long).
        for name in ("username", "password"):
            field = self.fields[name]
            field.validators.append(MaxLengthValidator(field.max_length))
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


class NewPasswordForm(SetPasswordForm):
    """A first password, set from the emailed link: Django's checks, GOV.UK wording."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = _("Create a password")
        self.fields["new_password1"].help_text = _(
            "At least 12 characters. A few unrelated words are easy to remember and hard to guess."
        )
        self.fields["new_password1"].error_messages["required"] = _("Create a password")
        self.fields["new_password2"].label = _("Type the password again")
        self.fields["new_password2"].error_messages["required"] = _("Type the password again")
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": _("The two passwords are not the same"),
        }
        self.fields["new_password1"].validators.append(
            MinLengthValidator(12, _("The password must be at least 12 characters"))
        )
        # A password hashes whatever its length: the limit only refuses a pasted essay.
        for field in self.fields.values():
            field.validators.append(MaxLengthValidator(128))
