# The dashboard's run times (engine/dashboard/executions.py durations) read the executions that
# ended in a time range; the retention sweep (engine.tasks.sweep_retention) those that ended
# before a cutoff. Partial: a running execution has no entry, so only its finishing update
# writes one.

from django.db import migrations, models
from django.db.models import Q


class Migration(migrations.Migration):

    dependencies = [
        ('engine', '0011_observability'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='execution',
            index=models.Index(
                condition=Q(stopped_at__isnull=False),
                fields=['stopped_at'],
                name='executions_by_end',
            ),
        ),
    ]
