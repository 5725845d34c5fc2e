"""`make test` runs on PostgreSQL; this runs the SQLite fallback's tests in a pytest of their own."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
SQLITE_TESTS = "tests/posts/search/sqlite"


@pytest.mark.skipif(connection.vendor == "sqlite", reason="already on SQLite: the module runs directly")
def test_the_sqlite_fallback_passes_its_own_tests(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'search.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", SQLITE_TESTS, "-q", "-p", "no:cacheprovider", "-W", "ignore"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "passed" in summary and "skipped" not in summary, summary
