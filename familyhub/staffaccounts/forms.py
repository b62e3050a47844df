"""The staff accounts forms. Staff pages are in English only, so the words are plain strings."""

from django import forms

from familyhub.accounts.models import Organisation, Role

ROLE_CHOICES = Role.choices


class StaffSearchForm(forms.Form):
    q = forms.CharField(
        label="Search by name or email address",
        required=False,
        max_length=200,
        error_messages={"max_length": "Search must be 200 characters or fewer"},
    )


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(
            choices=ROLE_CHOICES,
            label="Roles",
            help_text="Select every role they need in this organisation",
            error_messages={"required": "Select at least one role"},
            **kwargs,
        )


class OrganisationField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Organisation.objects.none(),
            label="Organisation",
            empty_label="Choose an organisation",
            error_messages={
                "required": "Choose an organisation",
                "invalid_choice": "Choose an organisation of your council",
            },
            **kwargs,
        )


class InviteForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={
            "required": "Enter their full name",
            "max_length": "Full name must be 150 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Work email address",
        max_length=254,
        help_text="We will email them a link to create a password",
        error_messages={
            "required": "Enter their work email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "Email address must be 254 characters or fewer",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    organisation = OrganisationField()
    roles = RolesField()

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class MembershipAddForm(forms.Form):
    organisation = OrganisationField()
    roles = RolesField()

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This is kept in the audit trail with your name",
    )

    def __init__(self, *args, label: str, required_message: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages.update(
            {
                "required": required_message,
                "max_length": "The reason must be 1000 characters or fewer",
            }
        )
