"""What the casework pages share."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.casework.models import Episode


def audit_view(user, episode: Episode, page: str) -> None:
    """The audit of a page's read of the episode, in the same transaction as the read."""
    audit_record(actor=user, action=AuditEvent.Action.VIEW, record=episode, details={"page": page})


def errors_to_form(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal, shown on the form above its fields."""
    for message in error.messages:
        form.add_error(None, message)


def posted(request: HttpRequest):
    """The form data of a POST, even an empty one (which `request.POST or None` would drop)."""
    return request.POST if request.method == "POST" else None
