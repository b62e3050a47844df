"""Episodes no longer record when their family was asked for feedback: the feedback app's
invitation (one per episode, by a unique key) is that record, with its channel and language."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("casework", "0006_assessment_started_on")]

    operations = [migrations.RemoveField(model_name="episode", name="feedback_invited_at")]
