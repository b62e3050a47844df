"""Import a termly list of eligible 2-year-olds from the command line, through the same
service as the upload page (README "The 2-year-old offer list")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from familyhub.earlyeducation import rules, services
from familyhub.places.models import LocalAuthority


class Command(BaseCommand):
    help = "Import a termly list of eligible 2-year-olds (CSV) and invite the families."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--term", required=True, help='the term, e.g. "2026-autumn"')
        parser.add_argument("--la", required=True, help="the council's ONS code, e.g. E09000030")

    def handle(self, *args, file: Path, term: str, la: str, **options):
        chosen = rules.term_from_key(term)
        if chosen is None:
            raise CommandError('--term must be a year and spring, summer or autumn: "2026-autumn"')
        council = LocalAuthority.objects.filter(code=la).first()
        if council is None:
            raise CommandError(f"No council {la}: import its postcodes first")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        imported = services.list_import(
            local_authority=council, term=chosen, data=data, file_name=file.name, by=None
        )
        for row, reason in imported.problems:
            self.stderr.write(f"row {row}: {reason}")
        self.stdout.write(
            f"{imported.added} added, {imported.already_listed} already listed, "
            f"{imported.refused} refused"
        )
