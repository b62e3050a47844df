"""manage.py load_demo_activities: four weeks of the demo's sessions in What's on."""

from django.core.management.base import BaseCommand, CommandError

from familyhub.demo.activities import load_demo_activities
from familyhub.demo.borough import LA_CODE
from familyhub.demo.switch import require_demo_switch
from familyhub.places.models import LocalAuthority


class Command(BaseCommand):
    help = "Load the demo's sessions for the next four weeks (after the borough)."

    def handle(self, *args, **options) -> None:
        require_demo_switch()
        council = LocalAuthority.objects.filter(code=LA_CODE).first()
        if council is None:
            raise CommandError("Load the demo borough first: manage.py load_demo_borough")
        made = load_demo_activities(council)
        if options["verbosity"]:
            self.stdout.write(f"What's on: {made} new sessions.")
