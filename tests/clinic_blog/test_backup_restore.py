"""A backup/restore round trip with the scripts of docs/operations.md: back up the test database
and a media folder, restore into a new database, and a production app server on the restored
copy serves the same posts, comments and files."""

import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection

from tests.comments.factories import CommentFactory
from tests.factories import PostFactory
from tests.loopback.apps import ROOT, AppServer, production_env
from tests.loopback.http import Visitor
from tests.loopback.static import collected_static
from tests.loopback.workers import database_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("pg_dump") or not shutil.which("pg_restore"), reason="needs pg_dump"),
]


def run(script, *args, **env):
    result = subprocess.run(
        [str(ROOT / "scripts" / script), *map(str, args)],
        env={"PATH": "/usr/bin:/bin", **{key: str(value) for key, value in env.items()}},
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result


@pytest.fixture
def fresh_database():
    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    admin = database_url({**settings_dict, "NAME": "postgres"})
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield database_url({**settings_dict, "NAME": name})
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_serves_the_same_posts_comments_and_files(tmp_path, fresh_database):
    post = PostFactory(title="Restoring the iliopsoas, slowly")
    CommentFactory(post=post, comment="Kept safe across the restore")
    media = tmp_path / "media"
    (media / "images").mkdir(parents=True)
    (media / "images" / "hip.txt").write_bytes(b"an uploaded file's bytes")

    backup = run(
        "backup.sh", tmp_path / "backup", DATABASE_URL=database_url(connection.settings_dict), MEDIA_ROOT=media
    )
    assert backup.returncode == 0, backup.stderr
    assert {p.name for p in (tmp_path / "backup").iterdir()} == {"database.dump", "media.tar.gz", "SHA256SUMS"}

    restored_media = tmp_path / "restored-media"
    restore = run("restore.sh", tmp_path / "backup", DATABASE_URL=fresh_database, MEDIA_ROOT=restored_media)
    assert restore.returncode == 0, restore.stderr
    again = run("restore.sh", tmp_path / "backup", DATABASE_URL=fresh_database, MEDIA_ROOT=tmp_path / "other")
    assert again.returncode == 1 and "already has" in again.stderr, "never restored over a live database"

    env = production_env(
        DATABASE_URL=fresh_database, STATIC_ROOT=collected_static(), MEDIA_ROOT=restored_media, SERVE_MEDIA="True"
    )
    app = AppServer(env, workers=1).start()
    try:
        reader = Visitor(app.url)
        page = reader.get(post.get_absolute_url())
        assert page.status == 200
        assert "Restoring the iliopsoas, slowly" in page.text and "Kept safe across the restore" in page.text
        assert reader.get("/media/images/hip.txt").body == b"an uploaded file's bytes"
    finally:
        app.stop()


def test_a_damaged_backup_is_refused(tmp_path, fresh_database):
    backup = run(
        "backup.sh",
        tmp_path / "backup",
        DATABASE_URL=database_url(connection.settings_dict),
        MEDIA_ROOT=tmp_path / "no-media",
    )
    assert backup.returncode == 0, backup.stderr
    with open(tmp_path / "backup" / "database.dump", "ab") as dump:
        dump.write(b"x")
    restore = run("restore.sh", tmp_path / "backup", DATABASE_URL=fresh_database, MEDIA_ROOT=tmp_path / "restored")
    assert restore.returncode != 0 and "FAILED" in restore.stdout + restore.stderr
