"""manage.py import_oruk: merge another publisher's Open Referral UK JSON into a directory."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from familyhub.directory.oruk.importer import import_path
from familyhub.places.models import LocalAuthority


class Command(BaseCommand):
    help = (
        "Import Open Referral UK (HSDS UK profile 3.0) JSON: a full service, a list page, a list "
        "of services or an organization with nested services; a directory means every *.json "
        "in it. Records keep the publisher's UUIDs, so running it again updates rather than "
        "duplicates. Bad records are reported and skipped. Imported organisations are APPROVED, "
        "so their active services are public at once: only import publishers you trust."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="ORUK JSON files or directories")
        parser.add_argument(
            "--la", required=True, help="ONS code of the local authority, e.g. E09000030"
        )

    def handle(self, *args, **options) -> None:
        la = LocalAuthority.objects.filter(code=options["la"]).first()
        if la is None:
            raise CommandError(f"No local authority with code {options['la']}")
        skipped = 0
        for path in options["paths"]:
            if not path.exists():
                raise CommandError(f"{path} does not exist")
            report = import_path(path, la)
            self.stdout.write(f"{path}: {report.summary()}")
            for reason in report.skipped:
                self.stdout.write(self.style.WARNING(f"  skipped {reason}"))
            if options["verbosity"] > 1:
                for warning in report.warnings:
                    self.stdout.write(f"  note: {warning}")
            skipped += len(report.skipped)
        if skipped:
            self.stdout.write(self.style.WARNING(f"{skipped} record(s) skipped, see above"))
