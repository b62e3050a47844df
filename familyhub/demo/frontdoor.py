"""The demo council's front door: the standard continuum of needs and triage timers, set up
through the same service a real council uses (`manage.py set_up_front_door`)."""

from familyhub.demo.switch import require_demo_switch
from familyhub.frontdoor.services import front_door_set_up
from familyhub.places.models import LocalAuthority


def load_demo_frontdoor(local_authority: LocalAuthority) -> int:
    """The levels and timers of the demo council's front door; returns the number of levels."""
    require_demo_switch()
    return front_door_set_up(local_authority=local_authority)
