"""Foreign keys to Organisation now name accounts.Organisation: the same table, so state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_organisation_moves_here'),
        ('frontdoor', '0002_journey_answers'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.AlterField(
                model_name='supportrequest',
                name='referrer_organisation',
                field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisation'),
            ),
            ],
        ),
    ]
