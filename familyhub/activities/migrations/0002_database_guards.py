"""The bus in one place at a time, and a booking's place of its own session, kept by the database
(familyhub.activities.triggers). btree_gist lets PostgreSQL's exclusion constraint compare the
vehicle with `=` beside the time ranges' `&&`; Django's operation does nothing on SQLite."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

from familyhub.activities.triggers import guards_create, guards_drop


def forwards(apps, schema_editor):
    guards_create(schema_editor.connection)


def backwards(apps, schema_editor):
    guards_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_sessions_and_bookings")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(forwards, backwards),
    ]
