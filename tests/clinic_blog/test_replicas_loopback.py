"""Reads from a real streaming replica, and readers who just wrote still see their writes.

The test starts its own PostgreSQL primary and a ``pg_basebackup -R`` standby on loopback, a
gunicorn app server configured with ``DATABASE_URL`` and ``DATABASE_REPLICA_URLS``, and talks to
it over HTTP like a browser. Pausing the standby's replay makes the lag visible: a reader who just
commented sees the comment (the primary answers them), another reader does not (the replica
answers them) until replay resumes. With the page cache on (Redis), an anonymous reader's page
is rendered from the primary when it will be kept, so an edit made while the replica lags is what
the cache keeps, never the replica's old page.
"""

import os
import uuid

import pytest

from clinic_blog.replicas import PIN_COOKIE
from tests.loopback.apps import AppServer, install_site, manage, production_env
from tests.loopback.cluster import EDIT_TITLE
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


@pytest.fixture(scope="module")
def cached_app(site, redis_url):
    """A second app server on the same primary and replica, with the page cache in Redis."""
    _, _, app = site
    own = ("BIND", "WEB_CONCURRENCY", "CSRF_TRUSTED_ORIGINS")  # the same SITE_URL: the Sites row stays as it is
    env = {key: value for key, value in app.env.items() if key not in own}
    cached = AppServer({**env, "REDIS_URL": redis_url, "PAGE_CACHE": "True"}).start()
    yield cached
    cached.stop()


def test_the_page_cache_keeps_the_edited_page_while_the_replica_lags(site, cached_app):
    cluster, replica, _ = site
    slug = POST.strip("/").split("/")[-1]
    outcomes = [Visitor(cached_app.url).get(POST).headers.get("X-Page-Cache") for _ in range(4)]
    assert outcomes[-1] == "hit", outcomes

    cluster.pause_replay(replica)
    try:
        title = f"The iliopsoas, edited while the replica lags {uuid.uuid4().hex[:6]}"
        manage(cached_app.env, "shell", "-c", EDIT_TITLE.format(slug=slug, title=title))
        uncached = Visitor(cached_app.url).get(POST + "?utm_source=lag")  # a page the cache does not keep
        assert title not in uncached.text, "the replica lags: pages nobody keeps are read from it"

        first = Visitor(cached_app.url).get(POST)
        assert first.headers.get("X-Page-Cache") == "miss", first.headers
        assert title in first.text, "a page the cache keeps is read from the primary"
        kept = Visitor(cached_app.url).get(POST)
        assert kept.headers.get("X-Page-Cache") == "hit" and title in kept.text, "what the cache keeps is the edit"
    finally:
        cluster.resume_replay(replica)
    cluster.wait_for_replicas()


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
