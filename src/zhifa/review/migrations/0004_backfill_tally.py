"""The statistics' tally (0003) counted only the opinions given after it: the opinions before it are counted by
the same ``rebuild_tally`` the statistics' check uses, over this migration's historical models. And the early
involvement's comment form gets its one-time token (a form sent twice acts once)."""

from django.db import migrations, models


def backfill(apps, schema_editor):
    from zhifa.review.stats import rebuild_tally

    rebuild_tally(apps.get_model("review", "ReviewRound"), apps.get_model("review", "ReviewTally"))


class Migration(migrations.Migration):

    dependencies = [
        ("review", "0003_register"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddField(
            model_name="involvementcomment",
            name="token",
            field=models.CharField(blank=True, max_length=40, null=True, unique=True, verbose_name="表单标识"),
        ),
    ]
