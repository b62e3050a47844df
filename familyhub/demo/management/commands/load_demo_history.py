"""manage.py load_demo_history: a year of invented families, requests, decisions and episodes."""

from django.core.management.base import BaseCommand, CommandError

from familyhub.demo.borough import LA_CODE
from familyhub.demo.history import FAMILIES, load_demo_history
from familyhub.demo.switch import require_demo_switch
from familyhub.places.models import LocalAuthority


class Command(BaseCommand):
    help = (
        "Load a year of the demo borough's early help (after load_demo_borough and "
        "load_demo_frontdoor): requests, triage decisions and episodes at every stage. "
        "Runs once: a borough that has sent requests already is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--families", type=int, default=FAMILIES)

    def handle(self, *args, **options) -> None:
        require_demo_switch()
        council = LocalAuthority.objects.filter(code=LA_CODE).first()
        if council is None:
            raise CommandError("Load the demo borough first: manage.py load_demo_borough")
        summary = load_demo_history(council, families=options["families"])
        if not options["verbosity"]:
            return
        if summary is None:
            self.stdout.write("The demo borough's history is already loaded.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"A year of history: {summary.requests} requests, {summary.waiting} waiting for "
                f"triage; decided {dict(summary.decided)}; episodes {dict(summary.episodes)}; "
                f"referrals to services {dict(summary.referrals)}; "
                f"handovers answered by social care {dict(summary.handovers)}."
            )
        )
