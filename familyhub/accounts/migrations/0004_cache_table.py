"""The table of the database cache where the rate limits of public forms are counted when no
Redis server is set (settings.CACHES["ratelimit"]). Made here so that `migrate`, which every
deployment and `make run` already run, leaves nothing to remember; with Redis it stays empty.

The name is the one settings.CACHES gives the table, written out here because a migration must
not change with the settings."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "familyhub_cache"


def table_create(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def table_drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_organisation_table_name")]

    operations = [migrations.RunPython(table_create, table_drop)]
