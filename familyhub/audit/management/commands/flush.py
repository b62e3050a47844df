"""Django's `flush`, able to empty the audit trail too: the triggers that refuse it are set
aside for the flush and put back in the same transaction (familyhub.audit.triggers.suspended).

This needs the table owner's rights, so the application's role in production cannot flush; the
test suite (which owns its test database) resets between transactional tests this way.
"""

from django.core.management.commands import flush
from django.db import connections

from familyhub.audit.triggers import suspended


class Command(flush.Command):
    def handle(self, **options):
        with suspended(connections[options["database"]]):
            return super().handle(**options)
