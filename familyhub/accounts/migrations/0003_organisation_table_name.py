"""The organisation table takes the accounts app's name, now that directory no longer owns it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_organisation_moves_here"),
        ("directory", "0004_organisation_moves_to_accounts"),
    ]

    operations = [migrations.AlterModelTable(name="organisation", table=None)]
