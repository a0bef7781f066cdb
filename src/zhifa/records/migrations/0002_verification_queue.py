"""Verification runs are queued by the page and run by the worker. Runs kept from before were all finished:
they become 已完成, asked for when they started."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def finished_before(apps, schema_editor):
    apps.get_model("records", "VerificationRun").objects.update(requested_at=F("started_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='verificationrun',
            options={'ordering': ['-requested_at', '-pk'], 'verbose_name': '校验结果', 'verbose_name_plural': '校验结果'},
        ),
        migrations.AddField(
            model_name='verificationrun',
            name='requested_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='申请时间'),
        ),
        migrations.AddField(
            model_name='verificationrun',
            name='state',
            field=models.CharField(choices=[('queued', '排队中'), ('running', '运行中'), ('done', '已完成'), ('error', '未能完成')], default='done', max_length=10, verbose_name='状态'),
        ),
        migrations.AlterField(
            model_name='verificationrun',
            name='state',
            field=models.CharField(choices=[('queued', '排队中'), ('running', '运行中'), ('done', '已完成'), ('error', '未能完成')], default='queued', max_length=10, verbose_name='状态'),
        ),
        migrations.RunPython(finished_before, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='verificationrun',
            name='finished_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='结束'),
        ),
        migrations.AlterField(
            model_name='verificationrun',
            name='ok',
            field=models.BooleanField(null=True, verbose_name='通过'),
        ),
        migrations.AlterField(
            model_name='verificationrun',
            name='run_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='申请人'),
        ),
        migrations.AlterField(
            model_name='verificationrun',
            name='started_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='开始'),
        ),
        migrations.AddConstraint(
            model_name='verificationrun',
            constraint=models.UniqueConstraint(condition=models.Q(('state', 'queued')), fields=('scope',), name='verification_one_queued_per_scope'),
        ),
    ]
