"""manage.py load_demo_two_year_offer: the demo's nurseries for funded 2-year-olds, two terms'
DWP lists imported, the families invited and some places taken up."""

from django.core.management.base import BaseCommand, CommandError

from familyhub.demo.borough import LA_CODE
from familyhub.demo.switch import require_demo_switch
from familyhub.demo.two_year_offer import load_demo_two_year_offer
from familyhub.places.models import LocalAuthority


class Command(BaseCommand):
    help = "Load the demo's 2-year-old offer: two terms' lists, invitations, take-ups."

    def handle(self, *args, **options) -> None:
        require_demo_switch()
        council = LocalAuthority.objects.filter(code=LA_CODE).first()
        if council is None:
            raise CommandError("Load the demo borough first: manage.py load_demo_borough")
        added = load_demo_two_year_offer(council)
        if options["verbosity"]:
            self.stdout.write(f"2-year-old offer: {added} children newly listed.")
