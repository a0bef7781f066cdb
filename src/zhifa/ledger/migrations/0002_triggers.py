"""Triggers refusing UPDATE, DELETE and TRUNCATE of ledger entries, on PostgreSQL and SQLite (REC-12)."""

from django.db import migrations


def install(apps, schema_editor):
    from zhifa.ledger.db import install_triggers

    install_triggers(schema_editor)


def remove(apps, schema_editor):
    from zhifa.ledger.db import remove_triggers

    remove_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
