"""On PostgreSQL, a trigram index makes the board's title search fast at 100,000 items.

pg_trgm ships with PostgreSQL but creating an extension needs the right privilege; without it
the search still works (a scan), so a refusal only skips the index and says so.
"""

from django.db import migrations, transaction

INDEX = "CREATE INDEX IF NOT EXISTS news_title_trgm ON newsroom_newsitem USING gin (UPPER(title) gin_trgm_ops)"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(INDEX)
    except Exception as exc:  # noqa: BLE001 - a missing privilege must not stop the migration
        print(f"\n  newsroom: trigram index skipped ({exc.__class__.__name__}); the title search scans instead.")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS news_title_trgm")


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0002_desk_indexes")]
    operations = [migrations.RunPython(forward, backward)]
