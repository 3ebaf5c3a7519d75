"""Indonesian stems in the search index, and the exact words beside them for quoted phrases.

SQLite: the FTS5 table gains the stem column. PostgreSQL: the stemmed document (the `indonesian`
configuration) also carries the stem column, and a second tsvector keeps the words as written.
Existing entries get their stems here, so an upgrade reindexes without re-rendering the site.
"""

from django.db import migrations, models

from redaksi.core.stemming import index_text

_DROP_TRIGGERS = [
    "DROP TRIGGER IF EXISTS public_search_au",
    "DROP TRIGGER IF EXISTS public_search_ad",
    "DROP TRIGGER IF EXISTS public_search_ai",
]
_DROP_FTS = [*_DROP_TRIGGERS, "DROP TABLE IF EXISTS public_search_fts"]
_REBUILD = "INSERT INTO public_search_fts(public_search_fts) VALUES ('rebuild')"
SQLITE_WITH_STEMS = [
    *_DROP_FTS,
    "CREATE VIRTUAL TABLE public_search_fts USING fts5(title, text, stems, content='public_searchentry', "
    "content_rowid='item_id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER public_search_ai AFTER INSERT ON public_searchentry BEGIN "
    "INSERT INTO public_search_fts(rowid, title, text, stems) VALUES (new.item_id, new.title, new.text, new.stems); END",
    "CREATE TRIGGER public_search_ad AFTER DELETE ON public_searchentry BEGIN "
    "INSERT INTO public_search_fts(public_search_fts, rowid, title, text, stems) "
    "VALUES ('delete', old.item_id, old.title, old.text, old.stems); END",
    "CREATE TRIGGER public_search_au AFTER UPDATE ON public_searchentry BEGIN "
    "INSERT INTO public_search_fts(public_search_fts, rowid, title, text, stems) "
    "VALUES ('delete', old.item_id, old.title, old.text, old.stems); "
    "INSERT INTO public_search_fts(rowid, title, text, stems) VALUES (new.item_id, new.title, new.text, new.stems); END",
    _REBUILD,
]
# As 0002 made it.
SQLITE_WITHOUT_STEMS = [
    *_DROP_FTS,
    "CREATE VIRTUAL TABLE public_search_fts USING fts5(title, text, content='public_searchentry', "
    "content_rowid='item_id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER public_search_ai AFTER INSERT ON public_searchentry BEGIN "
    "INSERT INTO public_search_fts(rowid, title, text) VALUES (new.item_id, new.title, new.text); END",
    "CREATE TRIGGER public_search_ad AFTER DELETE ON public_searchentry BEGIN "
    "INSERT INTO public_search_fts(public_search_fts, rowid, title, text) "
    "VALUES ('delete', old.item_id, old.title, old.text); END",
    "CREATE TRIGGER public_search_au AFTER UPDATE ON public_searchentry BEGIN "
    "INSERT INTO public_search_fts(public_search_fts, rowid, title, text) "
    "VALUES ('delete', old.item_id, old.title, old.text); "
    "INSERT INTO public_search_fts(rowid, title, text) VALUES (new.item_id, new.title, new.text); END",
    _REBUILD,
]


def _postgres_document(with_stems: bool) -> list[str]:
    stems = " || setweight(to_tsvector('simple'::regconfig, stems), 'C')" if with_stems else ""
    return [
        "DROP INDEX IF EXISTS public_search_document",
        "ALTER TABLE public_searchentry DROP COLUMN IF EXISTS document",
        "ALTER TABLE public_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('indonesian'::regconfig, coalesce(title, '')), 'A') || "
        f"setweight(to_tsvector('indonesian'::regconfig, coalesce(text, '')), 'B'){stems}) STORED",
        "CREATE INDEX public_search_document ON public_searchentry USING gin (document)",
    ]


POSTGRES_WORDS = [
    "ALTER TABLE public_searchentry ADD COLUMN words tsvector GENERATED ALWAYS AS ("
    "to_tsvector('simple'::regconfig, coalesce(title, '')) || "
    "to_tsvector('simple'::regconfig, coalesce(text, ''))) STORED",
    "CREATE INDEX public_search_words ON public_searchentry USING gin (words)",
]


def _execute(schema_editor, statements_by_vendor) -> None:
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    # Adding a column remakes the table on SQLite, which drops its triggers; the index is rebuilt below.
    _execute(schema_editor, {"sqlite": _DROP_TRIGGERS})


def restore_old_index(apps, schema_editor):
    _execute(schema_editor, {"sqlite": SQLITE_WITHOUT_STEMS})


def stem_and_index(apps, schema_editor):
    entries = apps.get_model("public", "SearchEntry")
    batch = []
    for entry in entries.objects.only("title", "text").iterator(chunk_size=500):
        entry.stems = index_text(f"{entry.title} {entry.text}")
        batch.append(entry)
        if len(batch) == 500:
            entries.objects.bulk_update(batch, ["stems"])
            batch = []
    entries.objects.bulk_update(batch, ["stems"])
    _execute(
        schema_editor,
        {"sqlite": SQLITE_WITH_STEMS, "postgresql": _postgres_document(with_stems=True) + POSTGRES_WORDS},
    )


def unindex_stems(apps, schema_editor):
    _execute(
        schema_editor,
        {
            "sqlite": _DROP_FTS,
            "postgresql": [
                "DROP INDEX IF EXISTS public_search_words",
                "ALTER TABLE public_searchentry DROP COLUMN IF EXISTS words",
            ]
            + _postgres_document(with_stems=False),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("public", "0003_media_logo_galleries")]

    operations = [
        migrations.RunPython(drop_triggers, restore_old_index),
        migrations.AddField(model_name="searchentry", name="stems", field=models.TextField(default="")),
        migrations.RunPython(stem_and_index, unindex_stems),
    ]
