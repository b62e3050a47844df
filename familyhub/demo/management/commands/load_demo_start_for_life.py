"""manage.py load_demo_start_for_life: a year of births, pregnancies and invitations."""

from django.core.management.base import BaseCommand, CommandError

from familyhub.demo.borough import LA_CODE
from familyhub.demo.start_for_life import load_demo_start_for_life
from familyhub.demo.switch import require_demo_switch
from familyhub.places.models import LocalAuthority


class Command(BaseCommand):
    help = (
        "Load a year of the demo borough's birth and pregnancy notifications (after "
        "load_demo_borough), imported week by week, with invitations, registrations and "
        "health visiting reviews. Runs once."
    )

    def handle(self, *args, **options) -> None:
        require_demo_switch()
        council = LocalAuthority.objects.filter(code=LA_CODE).first()
        if council is None:
            raise CommandError("Load the demo borough first: manage.py load_demo_borough")
        summary = load_demo_start_for_life(council)
        if not options["verbosity"]:
            return
        if summary is None:
            self.stdout.write("The demo borough's Start for Life year is already loaded.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Start for Life: {summary.notifications} notifications, "
                f"{summary.invitations_sent} invitations sent, {summary.registered} households "
                f"registered, {summary.reviews} health visiting reviews."
            )
        )
