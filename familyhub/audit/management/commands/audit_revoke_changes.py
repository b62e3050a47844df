"""PostgreSQL in production: take UPDATE, DELETE and TRUNCATE on the audit trail away from the
role the application connects as, so that even with the triggers gone it cannot change the trail;
and INSERT too on the purge checkpoints, which only the owner writes (`purge_audit_trail`): a
checkpoint the application could write would let it pass off a deletion as an approved purge.

Run it as the role that owns the tables (the one that runs `migrate`), after each `migrate`:
the owner can always drop the triggers, so the application must not connect as the owner.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from psycopg import sql

from familyhub.audit.triggers import CHECKPOINT_TABLE, TABLE


class Command(BaseCommand):
    help = (
        "Revoke UPDATE, DELETE and TRUNCATE on the audit table from the application's database "
        "role (PostgreSQL). Run as the table's owner."
    )

    def add_arguments(self, parser):
        parser.add_argument("role", help="The role the application connects as.")
        parser.add_argument(
            "--print", action="store_true", help="Print the SQL instead of running it."
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            raise CommandError("Database privileges exist on PostgreSQL only.")
        role = sql.Identifier(options["role"])
        statements = [
            sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON TABLE {} FROM PUBLIC, {}").format(
                sql.Identifier(TABLE), role
            ),
            sql.SQL("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON TABLE {} FROM PUBLIC, {}").format(
                sql.Identifier(CHECKPOINT_TABLE), role
            ),
        ]
        with connection.cursor() as cursor:
            texts = [statement.as_string(cursor.connection) for statement in statements]
            if options["print"]:
                for text in texts:
                    self.stdout.write(f"{text};")
                return
            for text in texts:
                cursor.execute(text)
        for text in texts:
            self.stdout.write(f"Done: {text}")
