"""The database refuses UPDATE, DELETE and TRUNCATE on the purge checkpoints, as on the events
(familyhub.audit.triggers)."""

from django.db import migrations

from familyhub.audit.triggers import CHECKPOINT_TABLE, triggers_create, triggers_drop


def create(apps, schema_editor):
    triggers_create(schema_editor.connection, CHECKPOINT_TABLE)


def drop(apps, schema_editor):
    triggers_drop(schema_editor.connection, CHECKPOINT_TABLE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_checkpoint")]

    operations = [migrations.RunPython(create, drop)]
