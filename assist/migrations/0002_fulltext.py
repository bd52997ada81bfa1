"""The full-text index over SearchDocument.text, one per database.

PostgreSQL: a stored tsvector column `vector` = to_tsvector('simple', text), kept by a trigger, with
a GIN index (the text is already cut into words by jieba, so 'simple' only lower-cases; ts_rank
reads the stored vector instead of parsing the text again). SQLite: an FTS5 table with the same text,
kept by triggers, rowid = the suggestion's id (bm25 ranks it).
"""

from django.db import migrations

PG_FORWARD = [
    "ALTER TABLE assist_searchdocument ADD COLUMN vector tsvector",
    "CREATE TRIGGER assist_document_vector BEFORE INSERT OR UPDATE OF text ON assist_searchdocument "
    "FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(vector, 'pg_catalog.simple', text)",
    "CREATE INDEX assist_document_fts ON assist_searchdocument USING GIN (vector)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS assist_document_fts",
    "DROP TRIGGER IF EXISTS assist_document_vector ON assist_searchdocument",
    "ALTER TABLE assist_searchdocument DROP COLUMN IF EXISTS vector",
]

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE assist_fts USING fts5(text, content='assist_searchdocument', "
    "content_rowid='suggestion_id', tokenize='unicode61')",
    "CREATE TRIGGER assist_fts_ai AFTER INSERT ON assist_searchdocument BEGIN "
    "INSERT INTO assist_fts(rowid, text) VALUES (new.suggestion_id, new.text); END",
    "CREATE TRIGGER assist_fts_ad AFTER DELETE ON assist_searchdocument BEGIN "
    "INSERT INTO assist_fts(assist_fts, rowid, text) VALUES ('delete', old.suggestion_id, old.text); END",
    "CREATE TRIGGER assist_fts_au AFTER UPDATE ON assist_searchdocument BEGIN "
    "INSERT INTO assist_fts(assist_fts, rowid, text) VALUES ('delete', old.suggestion_id, old.text); "
    "INSERT INTO assist_fts(rowid, text) VALUES (new.suggestion_id, new.text); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS assist_fts_au",
    "DROP TRIGGER IF EXISTS assist_fts_ad",
    "DROP TRIGGER IF EXISTS assist_fts_ai",
    "DROP TABLE IF EXISTS assist_fts",
]


def forward(apps, schema_editor):
    statements = {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    statements = {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("assist", "0001_search_index")]
    operations = [migrations.RunPython(forward, backward)]
