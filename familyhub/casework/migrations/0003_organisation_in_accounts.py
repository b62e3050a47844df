"""Foreign keys to Organisation now name accounts.Organisation: the same table, so state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_organisation_moves_here'),
        ('casework', '0002_reassigned_and_one_voice_per_child'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.AlterField(
                model_name='episode',
                name='lead_organisation',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisation'),
            ),
            migrations.AlterField(
                model_name='teammember',
                name='organisation',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisation'),
            ),
            ],
        ),
    ]
