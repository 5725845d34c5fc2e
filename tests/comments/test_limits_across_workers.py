"""Limits hold across processes: a gunicorn server with two workers, against the test database,
counts the comment limit and allauth's failed-login limit once for the whole server, with the
database store (no Redis) and with Redis."""

import contextlib
import re
import time

import pytest
import redis
from django.db import connection

from tests.factories import PostFactory
from tests.loopback.apps import AppServer, production_env
from tests.loopback.http import Visitor
from tests.loopback.static import collected_static
from tests.loopback.workers import database_url

pytestmark = pytest.mark.django_db(transaction=True)


PER_HOUR = 4
LOGIN_FAILURES_PER_KEY = 5  # ACCOUNT_RATE_LIMITS["login_failed"]: "…,5/300s/key"


@pytest.fixture(params=["database", "redis"])
def app(request, tmp_path):
    extra = {}
    if request.param == "redis":
        redis_url = request.getfixturevalue("redis_url")
        redis.Redis.from_url(redis_url).flushdb()
        extra["REDIS_URL"] = redis_url
    env = production_env(
        DATABASE_URL=database_url(connection.settings_dict),
        STATIC_ROOT=collected_static(),
        MEDIA_ROOT=tmp_path,
        COMMENTS_MIN_SECONDS=0,
        COMMENTS_HOLD_FIRST_COMMENT=False,
        COMMENTS_RATE_PER_MINUTE=0,
        COMMENTS_RATE_PER_HOUR=PER_HOUR,
        # With Redis the anonymous page cache is on and its pages carry no form token (a script
        # fetches it); this test reads the form from the HTML, so it asks for uncached pages.
        PAGE_CACHE=False,
        # The process id of the worker that answered, in the access log.
        GUNICORN_CMD_ARGS="--access-logformat '%(p)s %(s)s %(m)s %(U)s'",
        **extra,
    )
    server = AppServer(env, workers=2).start()
    yield server
    server.stop()
    if request.param == "redis":
        redis.Redis.from_url(redis_url).flushdb()


def workers_that_answered(server, path):
    lines = server.log_path.read_text().splitlines()
    return {line.split()[0] for line in lines if re.match(rf"^<\d+> \d+ POST {re.escape(path)}$", line)}


def answered_by_either_worker(server, attempt):
    """Every other attempt with one worker held, so both workers take part even when one of them
    would win every accept race (as on a loaded CI machine)."""
    return server.one_worker_held() if attempt % 2 == 0 else contextlib.nullcontext()


def test_the_comment_limit_is_counted_once_for_all_workers(app):
    if time.time() % 3600 > 3600 - 30:  # the hourly window would turn over during the test
        time.sleep(3600 - time.time() % 3600 + 1)
    post = PostFactory()
    statuses, retry_after = [], set()
    n = 0
    # Past the limit, go on until both workers have answered, so a refusal by the worker that counted
    # none of the accepted comments itself is part of what is checked.
    while n < PER_HOUR + 4 or (len(workers_that_answered(app, "/comments/post/")) < 2 and n < 60):
        n += 1
        visitor = Visitor(app.url)  # a new connection each time, so either worker may answer
        fields = visitor.get(post.get_absolute_url()).form_fields("#comment-form")
        fields.update(comment=f"Question number {n} about the hip flexors", name="Sam", email="sam@example.org")
        fields.pop("preview", None)
        with answered_by_either_worker(app, n):
            response = visitor.post("/comments/post/", fields)
        statuses.append(response.status)
        if response.status == 429:
            retry_after.add(int(response.headers["Retry-After"]))
    assert statuses == [200] * PER_HOUR + [429] * (len(statuses) - PER_HOUR), statuses
    assert all(0 < seconds <= 3600 for seconds in retry_after)
    assert len(workers_that_answered(app, "/comments/post/")) == 2, "both workers took part"


def test_allauth_failed_login_limit_is_counted_once_for_all_workers(app):
    outcomes = []
    attempts = 0
    # As above: past the limit, until both workers have answered (bounded).
    while attempts < LOGIN_FAILURES_PER_KEY + 3 or (
        len(workers_that_answered(app, "/accounts/login/")) < 2 and attempts < 60
    ):
        attempts += 1
        visitor = Visitor(app.url)
        visitor.get("/accounts/login/")
        with answered_by_either_worker(app, attempts):
            response = visitor.post("/accounts/login/", {"login": "riley", "password": "not the passphrase"})
        assert response.status == 200  # allauth answers a limited login with a form error
        outcomes.append("limited" if "Too many failed login attempts" in response.text else "wrong password")
    assert outcomes == ["wrong password"] * LOGIN_FAILURES_PER_KEY + ["limited"] * (attempts - LOGIN_FAILURES_PER_KEY)
    assert len(workers_that_answered(app, "/accounts/login/")) == 2, "both workers took part"
