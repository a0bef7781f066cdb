"""The ledger's triggers without the session unlock, and the chain head guarded too (REC-12, issue 9).

Re-installs every trigger in its current form (no session setting or per-connection function lets a change
through any more) and adds the chain head's: it may only start at zero and move forward to an existing entry,
past one that links to the old head.
"""

from django.db import migrations


def install(apps, schema_editor):
    from zhifa.ledger.db import TABLES, install_triggers

    for table in TABLES:
        install_triggers(schema_editor, table)


def remove(apps, schema_editor):
    from zhifa.ledger.db import HEAD, remove_triggers

    remove_triggers(schema_editor, HEAD)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0003_checkpoints")]
    operations = [migrations.RunPython(install, remove)]
