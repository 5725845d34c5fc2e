"""Reads from a real streaming replica, and readers who just wrote still see their writes.

The test starts its own PostgreSQL primary and a ``pg_basebackup -R`` standby on loopback, a
gunicorn app server configured with ``DATABASE_URL`` and ``DATABASE_REPLICA_URLS``, and talks to
it over HTTP like a browser. Pausing the standby's replay makes the lag visible: a reader who just
commented sees the comment (the primary answers them), another reader does not (the replica
answers them) until replay resumes.
"""

import os
import uuid

import pytest

from clinic_blog.replicas import PIN_COOKIE
from tests.loopback.apps import AppServer, install_site, manage, production_env
from tests.loopback.http import Visitor
from tests.loopback.postgres import LoopbackCluster

POST = "/posts/its-the-iliopsoas-stupid/"

pytestmark = pytest.mark.skipif(
    not LoopbackCluster.available() and os.environ.get("CI") != "true",
    reason="needs PostgreSQL's server binaries (initdb, pg_basebackup) to start a replica on loopback",
)


@pytest.fixture(scope="module")
def site():
    cluster = LoopbackCluster()
    app = None
    try:
        primary = cluster.start_primary()
        env = production_env(
            DATABASE_URL=primary.url(cluster.database),
            COMMENTS_MIN_SECONDS=0,
            COMMENTS_HOLD_FIRST_COMMENT=False,
            MEDIA_ROOT=cluster.root / "media",
            STATIC_ROOT=cluster.root / "static",
        )
        install_site(env)
        manage(
            env,
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model; from allauth.account.models import EmailAddress;"
            "u = get_user_model().objects.create_user('riley', 'riley@example.org', 'a long reader passphrase');"
            "EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)",
        )
        replica = cluster.add_replica()
        cluster.wait_for_replicas()
        app = AppServer({**env, "DATABASE_REPLICA_URLS": replica.url(cluster.database)}).start()
        yield cluster, replica, app
    finally:
        if app is not None:
            app.stop()
        cluster.stop()


def test_a_writer_reads_their_own_comment_while_the_replica_lags(site):
    cluster, replica, app = site
    writer, passer_by = Visitor(app.url), Visitor(app.url)
    writer.log_in("riley", "a long reader passphrase")
    assert writer.cookie(PIN_COOKIE), "logging in writes (last login), so the writer reads from the primary"

    cluster.pause_replay(replica)
    try:
        text = f"Does the hanging leg raise work the iliacus too? {uuid.uuid4().hex[:8]}"
        sent = writer.comment(POST, text)
        assert sent.status == 200 and "#c" in sent.url, "an approved comment sends the writer to its permalink"

        assert text in writer.get(POST).text, "the writer must see their own comment at once"
        assert text not in passer_by.get(POST).text, "another reader is served by the lagging replica"
    finally:
        cluster.resume_replay(replica)
    cluster.wait_for_replicas()
    assert text in passer_by.get(POST).text, "once the replica has caught up, everyone sees it"


def test_a_replica_that_stops_answering_is_skipped_without_an_error_page(site):
    cluster, replica, app = site
    reader = Visitor(app.url)
    assert reader.get(POST).status == 200
    replica.stop(mode="immediate")
    try:
        for _ in range(4):  # both workers meet the dead replica, answer from the primary, then avoid it
            response = reader.get(POST)
            assert response.status == 200, response.text[:500]
            assert "iliopsoas" in response.text
    finally:
        replica.start()
        replica.wait_until_ready()
