"""manage.py load_demo_frontdoor: the demo council's levels of need and triage timers."""

from django.core.management.base import BaseCommand, CommandError

from familyhub.demo.borough import LA_CODE
from familyhub.demo.frontdoor import load_demo_frontdoor
from familyhub.demo.switch import require_demo_switch
from familyhub.places.models import LocalAuthority


class Command(BaseCommand):
    help = "Load the demo council's continuum of needs and triage timers (after the borough)."

    def handle(self, *args, **options) -> None:
        require_demo_switch()
        council = LocalAuthority.objects.filter(code=LA_CODE).first()
        if council is None:
            raise CommandError("Load the demo borough first: manage.py load_demo_borough")
        levels = load_demo_frontdoor(council)
        if options["verbosity"]:
            self.stdout.write(f"Front door: {levels} levels of need and the triage timers.")
