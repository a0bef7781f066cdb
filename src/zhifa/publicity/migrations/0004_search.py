"""The portal's search at scale: numbers and USCCs by their own columns (a number by its normalised key's
prefix), the bigram index for names only and with the decision date, so that a name's newest snapshots are the
first entries of its index; the public pages' index without the state (checked on the way)."""

import datetime as dt

import django.db.models.deletion
from django.db import migrations, models

from zhifa.publicity.models import search_key
from zhifa.publicity.search import grams

PUBLIC_STATES = ("published", "withdrawn")


def rebuild(apps, schema_editor):
    Snapshot = apps.get_model("publicity", "PublishedSnapshot")
    Token = apps.get_model("publicity", "SearchToken")
    Token.objects.all().delete()
    for snap in Snapshot.objects.only("pk", "decision_number", "party_name", "decided_on", "current", "state"):
        snap.number_key = search_key(snap.decision_number)
        snap.save(update_fields=["number_key"])
        if snap.current and snap.state in PUBLIC_STATES:
            Token.objects.bulk_create([Token(token=g, snapshot=snap, decided_on=snap.decided_on)
                                       for g in sorted(grams(snap.party_name))])


class Migration(migrations.Migration):

    dependencies = [
        ("publicity", "0003_credit"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="publishedsnapshot", name="snapshot_public"),
        migrations.RemoveIndex(model_name="publishedsnapshot", name="snapshot_number"),
        migrations.AddField(
            model_name="publishedsnapshot",
            name="number_key",
            field=models.CharField(blank=True, max_length=100, verbose_name="决定文书号（检索用）"),
        ),
        migrations.AddField(
            model_name="searchtoken",
            name="decided_on",
            field=models.DateField(default=dt.date(2000, 1, 1), verbose_name="决定日期"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="searchtoken",
            name="snapshot",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="tokens",
                                    to="publicity.publishedsnapshot"),
        ),
        migrations.RemoveConstraint(model_name="searchtoken", name="search_token_once"),
        migrations.RunPython(rebuild, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="publishedsnapshot",
            index=models.Index(fields=["current", "-decided_on", "-id"], name="snapshot_public"),
        ),
        migrations.AddIndex(
            model_name="publishedsnapshot",
            index=models.Index(fields=["number_key"], name="snapshot_number", opclasses=["varchar_pattern_ops"]),
        ),
        migrations.AddIndex(
            model_name="searchtoken",
            index=models.Index(fields=["token", "-decided_on", "-snapshot"], name="search_token_newest"),
        ),
    ]
