"""Seed the official schedules of 2024, 2025 and 2026 (GEN-04), so every install has them."""

from django.db import migrations

from zhifa.workdays.schedules import seed


def forwards(apps, schema_editor):
    seed(apps, [2024, 2025, 2026])


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
