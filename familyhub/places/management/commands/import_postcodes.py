from django.conf import settings
from django.core.management.base import BaseCommand

from familyhub.places.services import postcodes_import


class Command(BaseCommand):
    help = "Import the ONS Postcode Directory rows of the local authorities this deployment serves."

    def add_arguments(self, parser):
        parser.add_argument(
            "codes", nargs="*", help="ONS codes (default: the LOCAL_AUTHORITY_CODES setting)"
        )

    def handle(self, *args, codes, **options):
        result = postcodes_import(local_authority_codes=codes or settings.LOCAL_AUTHORITY_CODES)
        self.stdout.write(
            f"Postcodes: {result.added} added, {result.updated} updated, "
            f"{result.terminated} marked terminated."
        )
