"""The stored search vector, written as a database expression.

PostgreSQL computes it in a generated column (so the GIN index over it is current after every
save); SQLite has no tsvector and searches through its own FTS5 table instead, so there the
column is a constant NULL and never read.
"""

from django.contrib.postgres.search import SearchVector
from django.db.models import Func

# The site is written in British English; the stemmer makes "flexors" find "flexor".
SEARCH_CONFIG = "english"


class PostgresOnly(Func):
    """``expression`` on PostgreSQL, NULL on every other database."""

    def __init__(self, expression, *, output_field):
        super().__init__(expression, output_field=output_field)

    def as_sql(self, compiler, connection, **extra_context):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])


def weighted_document():
    """Names above summaries above body text: A for title and other names, B, then C."""
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("names", weight="A", config=SEARCH_CONFIG)
        + SearchVector("keywords", weight="B", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )
