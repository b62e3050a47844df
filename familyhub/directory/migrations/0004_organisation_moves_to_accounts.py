"""Organisation now lives in accounts (accounts 0002); directory forgets it, keeping the table.

Runs after every app's foreign keys have been repointed, so no state refers to the old model."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('frontdoor', '0003_organisation_in_accounts'),
        ('families', '0002_organisation_in_accounts'),
        ('casework', '0003_organisation_in_accounts'),
        ('accounts', '0002_organisation_moves_here'),
        ('directory', '0003_search_entry'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.AlterField(
                model_name='location',
                name='organisation',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='locations', to='accounts.organisation'),
            ),
            migrations.AlterField(
                model_name='service',
                name='organisation',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='services', to='accounts.organisation'),
            ),
            migrations.DeleteModel(
                name='Organisation',
            ),
            ],
        ),
    ]
