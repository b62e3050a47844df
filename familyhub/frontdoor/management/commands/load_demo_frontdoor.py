from django.core.management.base import BaseCommand, CommandError

from familyhub.frontdoor.demo import load_demo_frontdoor
from familyhub.places.models import LocalAuthority


class Command(BaseCommand):
    help = "Load the demo council's continuum of needs and triage timers (after the borough)."

    def handle(self, *args, **options):
        council = LocalAuthority.objects.filter(code="E09000030").first()
        if council is None:
            raise CommandError("Load the demo borough first: manage.py load_demo_borough")
        levels = load_demo_frontdoor(council)
        if options["verbosity"]:
            self.stdout.write(f"Front door: {levels} levels of need and the triage timers.")
