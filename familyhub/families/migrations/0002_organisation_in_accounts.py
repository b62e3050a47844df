"""Foreign keys to Organisation now name accounts.Organisation: the same table, so state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_organisation_moves_here'),
        ('families', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.AlterField(
                model_name='chronologyevent',
                name='organisation',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='accounts.organisation'),
            ),
            migrations.AlterField(
                model_name='consent',
                name='organisations',
                field=models.ManyToManyField(related_name='+', to='accounts.organisation'),
            ),
            migrations.AlterField(
                model_name='involvement',
                name='organisation',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='accounts.organisation'),
            ),
            migrations.AlterField(
                model_name='safeguardingoverride',
                name='organisation',
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisation'),
            ),
            ],
        ),
    ]
