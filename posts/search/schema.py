"""The database structures search needs beyond its tables, per database.

PostgreSQL: a GIN index over the stored ``vector`` column and a trigram GIN index over the
names (pg_trgm is enabled by the first migration). SQLite: an FTS5 table with the trigram
tokenizer (SQLite ≥ 3.34) mirroring the entries' text through triggers.

Django's index classes for these are PostgreSQL-only and would break ``make run`` on SQLite,
so the migration calls ``create_search_structures``, which does what fits the database.
Idempotent: ``rebuild_search_index`` calls it again (SQLite drops the triggers whenever a
migration rebuilds the table).
"""

ENTRY_TABLE = "search_searchentry"
TERM_TABLE = "search_searchterm"
FTS_TABLE = "search_entry_fts"
FTS_COLUMNS = ("title", "names", "keywords", "summary", "body")
VECTOR_INDEX = "search_entry_vector_gin"
TERM_INDEX = "search_term_trigram_gin"

# fastupdate off: a GIN "pending list" makes the planner price the index as slow (and it is, until
# VACUUM flushes the list), so after a bulk write it would scan every name with similarity().
# Writes here happen once per content save; reads happen on every search.
POSTGRES_CREATE = [
    f"CREATE INDEX IF NOT EXISTS {VECTOR_INDEX} ON {ENTRY_TABLE} USING gin (vector) WITH (fastupdate = off)",
    f"CREATE INDEX IF NOT EXISTS {TERM_INDEX} ON {TERM_TABLE} USING gin (term gin_trgm_ops) WITH (fastupdate = off)",
]
POSTGRES_DROP = [f"DROP INDEX IF EXISTS {TERM_INDEX}", f"DROP INDEX IF EXISTS {VECTOR_INDEX}"]

_columns = ", ".join(FTS_COLUMNS)
_new = ", ".join(f"new.{column}" for column in FTS_COLUMNS)
_old = ", ".join(f"old.{column}" for column in FTS_COLUMNS)
SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({_columns}, "
    f"content='{ENTRY_TABLE}', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON {ENTRY_TABLE} BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, {_columns}) VALUES (new.id, {_new}); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON {ENTRY_TABLE} BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_columns}) VALUES ('delete', old.id, {_old}); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update AFTER UPDATE ON {ENTRY_TABLE} BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_columns}) VALUES ('delete', old.id, {_old}); "
    f"INSERT INTO {FTS_TABLE}(rowid, {_columns}) VALUES (new.id, {_new}); END",
    # Re-read the whole table, so the FTS index is right even if triggers were missing for a while.
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_update",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_insert",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


def _run(connection, statements):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def create_search_structures(connection):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname IN (%s, %s)", [VECTOR_INDEX, TERM_INDEX])
            present = {row[0] for row in cursor.fetchall()}
        # Only what is missing: CREATE INDEX is refused while deferred constraint checks are pending.
        _run(
            connection,
            [sql for name, sql in zip((VECTOR_INDEX, TERM_INDEX), POSTGRES_CREATE, strict=True) if name not in present],
        )
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_CREATE)


def drop_search_structures(connection):
    if connection.vendor == "postgresql":
        _run(connection, POSTGRES_DROP)
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_DROP)
