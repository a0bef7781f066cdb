# The cases waiting for 立案审批, counted on every page, read from a partial index SQLite's planner picks too.

from django.db import migrations, models

AWAITING = models.Q(('opened_on__isnull', True), ('state', 'active'))


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0006_dossier'),
    ]

    operations = [
        migrations.RemoveIndex(model_name='case', name='case_awaiting_opening'),
        migrations.AddIndex(model_name='case', index=models.Index(
            condition=AWAITING, fields=['unit', 'state', 'opened_on'], name='case_awaiting_opening')),
        migrations.AddIndex(model_name='case', index=models.Index(
            condition=AWAITING, fields=['agency', 'state', 'opened_on'], name='case_awaiting_approval')),
    ]
