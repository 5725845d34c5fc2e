"""Migration operations for search."""

from django.contrib.postgres import operations


class TrigramExtension(operations.TrigramExtension):
    """Django's ``TrigramExtension`` (``CREATE EXTENSION pg_trgm``, nothing off PostgreSQL), kept when unapplied.

    Django 5.2's ``database_backwards`` has no check for the database vendor, so unapplying it
    fails on SQLite; and dropping the extension could break anything else that came to use it.
    """

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        return
