"""The database refuses UPDATE, DELETE and TRUNCATE on the audit trail (familyhub.audit.triggers)."""

from django.db import migrations

from familyhub.audit.triggers import triggers_create, triggers_drop


def create(apps, schema_editor):
    triggers_create(schema_editor.connection)


def drop(apps, schema_editor):
    triggers_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_existing_events_chained")]

    operations = [migrations.RunPython(create, drop)]
