"""The demo's second guard: even where the app is installed, it loads only with the switch on."""

from django.conf import settings
from django.core.management.base import CommandError


class DemoSwitchedOff(CommandError):
    """Raised instead of loading: a CommandError, so manage.py prints the sentence, not a trace."""


def require_demo_switch() -> None:
    """Refuse unless settings.FAMILYHUB_DEMO is on: demo accounts have a published password."""
    if not getattr(settings, "FAMILYHUB_DEMO", False):
        raise DemoSwitchedOff(
            "The demo is switched off. It loads only where FAMILYHUB_DEMO=true (make run sets "
            "it), and never in production: its accounts have a published password."
        )
