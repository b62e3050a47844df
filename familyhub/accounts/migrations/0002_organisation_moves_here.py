"""Organisation moves from directory to accounts, below everything that uses it.

State only: the table keeps its name here (directory_organisation), every foreign key to it is
repointed in its own app's migration, then directory forgets the model (directory 0004) and
accounts 0003 renames the table."""

import django.db.models.deletion
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('places', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Organisation',
                fields=[
                    ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                    ('name', models.CharField(max_length=200, verbose_name='name')),
                    ('slug', models.SlugField(max_length=200)),
                    ('sector', models.CharField(choices=[('council', 'Council'), ('nhs', 'NHS'), ('school', 'School or college'), ('police', 'Police'), ('housing', 'Housing association'), ('voluntary', 'Voluntary and community'), ('faith', 'Faith group'), ('private', 'Private provider')], max_length=20, verbose_name='sector')),
                    ('description', models.TextField(blank=True, verbose_name='description')),
                    ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                    ('phone', models.CharField(blank=True, max_length=30, verbose_name='phone')),
                    ('website', models.URLField(blank=True, verbose_name='website')),
                    ('status', models.CharField(choices=[('pending', 'Waiting for approval'), ('approved', 'Approved'), ('rejected', 'Rejected')], default='pending', max_length=10)),
                    ('created', models.DateTimeField(auto_now_add=True)),
                    ('modified', models.DateTimeField(auto_now=True)),
                    ('local_authority', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='places.localauthority')),
                ],
                options={
                    'ordering': ['name'],
                        'db_table': 'directory_organisation',
                },
            ),
            migrations.AlterField(
                model_name='membership',
                name='organisation',
                field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='accounts.organisation'),
            ),
            migrations.AddConstraint(
                model_name='organisation',
                constraint=models.UniqueConstraint(fields=('local_authority', 'slug'), name='organisation_slug'),
            ),
            ],
        ),
    ]
