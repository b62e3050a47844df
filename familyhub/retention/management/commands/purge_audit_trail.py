"""The approved purge of the audit trail's oldest events: never daily, never automatic.

Run by an operator, as the role that owns the tables (the one that runs `migrate`: the
refusing triggers are set aside and put back inside the purge's one transaction), with the
approval's words:

    manage.py purge_audit_trail --before 2019-01-01 \\
        --approved-by "A. Khan, data protection officer" \\
        --reason "Retention period reached; approval ref DPO-2026-14"

Only events recorded before the start of `--before` go, and only if every one of them is older
than the AUDIT_EVENT retention period. What it leaves is a checkpoint the hash chain is verified
from (`verify_audit`), and an audit event saying how many were removed.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from familyhub.audit.services import AuditPurgeRefused
from familyhub.retention.services import AuditPurgeNotAllowed, audit_trail_purge_approved


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--before must be a date, YYYY-MM-DD, not {text!r}") from error


class Command(BaseCommand):
    help = (
        "Remove the audit events recorded before a day past their retention period, with who "
        "approved it and why, leaving a checkpoint verify_audit checks the chain from. Run as "
        "the tables' owner."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--before", required=True, type=_day, help="YYYY-MM-DD")
        parser.add_argument("--approved-by", required=True, help="Who approved it, and as what.")
        parser.add_argument("--reason", required=True, help="Why, and the approval's reference.")

    def handle(self, *args, **options):
        try:
            checkpoint = audit_trail_purge_approved(
                before=options["before"],
                approved_by=options["approved_by"],
                reason=options["reason"],
            )
        except (AuditPurgeNotAllowed, AuditPurgeRefused) as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(
            f"Removed {checkpoint.events_removed} audit events recorded before "
            f"{options['before']:%Y-%m-%d} (up to event {checkpoint.up_to_event_id}). "
            f"Checkpoint {checkpoint.pk}: the chain now starts from {checkpoint.anchor_hash}."
        )
