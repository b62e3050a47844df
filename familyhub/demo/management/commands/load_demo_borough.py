"""manage.py load_demo_borough: the synthetic Tower Hamlets demo borough, safe to rerun.

Only where the demo is switched on (FAMILYHUB_DEMO=true): elsewhere the command does not exist.
"""

from django.core.management.base import BaseCommand, CommandError

from familyhub.demo.accounts import DEMO_PASSWORD
from familyhub.demo.borough import load_demo_borough
from familyhub.demo.datafiles import DemoDataError


class Command(BaseCommand):
    help = (
        "Load or refresh the synthetic demo borough of Tower Hamlets: localities, hubs, "
        "organisations, services and demo staff accounts. Running it again updates in place."
    )

    def handle(self, *args, **options) -> None:
        try:
            summary = load_demo_borough()
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] < 1:
            return
        if summary.postcodes_imported:
            self.stdout.write(f"Imported {summary.postcodes_imported} Tower Hamlets postcodes.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo borough loaded: {summary.localities} localities, {summary.sectors} "
                f"postcode sectors, {summary.locations} locations, {summary.organisations} "
                f"organisations, {summary.services} services."
            )
        )
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for membership in summary.memberships:
            self.stdout.write(
                f"  {membership.user.email:32} {membership.get_role_display():20} "
                f"{membership.organisation.name}"
            )
