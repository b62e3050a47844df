"""manage.py import_birth_notifications FILE --by EMAIL: the upload page's import, by hand."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from familyhub.accounts.models import User
from familyhub.places.models import LocalAuthority
from familyhub.startforlife.importing import text_lines
from familyhub.startforlife.rules import import_authority_ids
from familyhub.startforlife.services import notifications_import


class Command(BaseCommand):
    help = (
        "Import a birth and pregnancy notifications CSV file (README: Birth and pregnancy "
        "notifications) as the member of staff named, who must be allowed to import."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--by", required=True, help="the importing member of staff's email")

    def handle(self, *args, **options) -> None:
        by = User.objects.filter(email__iexact=options["by"], is_active=True).first()
        codes = import_authority_ids(by) if by else set()
        if by is None or not codes:
            raise CommandError(f"{options['by']} may not import notifications.")
        council = LocalAuthority.objects.get(code=min(codes))
        with options["file"].open("rb") as upload:
            report = notifications_import(lines=text_lines(upload), local_authority=council, by=by)
        if report.problem:
            raise CommandError(report.problem)
        for number, reason in report.refused:
            self.stderr.write(f"Row {number}: {reason}")
        for number, note in report.without_locality:
            self.stdout.write(f"Row {number}: {note}")
        self.stdout.write(
            f"{report.rows} rows: {report.created} imported ({report.births_of_pregnancies} "
            f"births of notified pregnancies), {report.already_imported} already imported, "
            f"{report.refused_count} not imported."
        )
