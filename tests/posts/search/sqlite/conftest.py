"""These tests run only against SQLite; on PostgreSQL, test_sqlite_fallback.py runs them in a pytest of their own."""

from django.db import connection

collect_ignore_glob = [] if connection.vendor == "sqlite" else ["test_*.py"]
