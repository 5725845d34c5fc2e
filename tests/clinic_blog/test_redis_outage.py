"""Redis stops answering (clinic_blog/cache.py): readers keep reading, limits keep holding in the
database, background work is kept, and nothing cached before the outage outlives a change made
during it. Each test has its own redis-server on loopback, stopped or paused (SIGSTOP: it keeps
its data but answers nothing, as behind a broken network)."""

import contextlib
import json
import logging
import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core import mail
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django_q.models import OrmQ, Schedule

from comments.models import RateCounter
from posts.pagecache import store
from tests.loopback.apps import AppServer, production_env
from tests.loopback.http import Visitor
from tests.loopback.services import LoopbackRedis
from tests.loopback.static import collected_static
from tests.loopback.workers import database_url

LIMIT_KEY = "ratelimit:comment:hour:1:ip:192.0.2.7"
PASSWORD = "a passphrase for Riley"


def resilient_caches(url):
    """What settings.py configures for REDIS_URL, with short timeouts and no pause between tries."""
    redis_cache = {"BACKEND": "clinic_blog.cache.ResilientRedisCache", "LOCATION": url}
    options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "RETRY_SECONDS": 0, "FALLBACK": "counters"}
    default = {**redis_cache, "OPTIONS": {**options, "FALLBACK_PREFIXES": ["allauth:rl:"]}}
    return {
        "default": default,
        "ratelimit": {**redis_cache, "OPTIONS": {**options, "FALLBACK_PREFIXES": [""]}},
        "counters": {"BACKEND": "comments.counters.DatabaseCounterCache"},
        "pages": {**default, "KEY_PREFIX": "pages", "TIMEOUT": None},
    }


@pytest.fixture
def redis_server():
    if not LoopbackRedis.available():
        pytest.skip("needs redis-server")
    server = LoopbackRedis().start()
    yield server
    server.stop()


@pytest.fixture
def shared_cache(settings, redis_server):
    settings.CACHES = resilient_caches(redis_server.url)
    settings.CACHE_CONFIGURED = True
    return redis_server


@pytest.mark.django_db
def test_while_redis_is_down_reads_miss_and_writes_are_dropped_without_an_error(shared_cache, caplog):
    cache = caches["default"]
    cache.set("menu", ["About"], 60)
    assert cache.get("menu") == ["About"]
    shared_cache.stop()
    with caplog.at_level(logging.WARNING, logger="clinic_blog.cache"):
        assert cache.get("menu") is None
        assert cache.get("menu", "default") == "default"
        cache.set("menu", ["About", "Contact"], 60)
        assert cache.add("lock", 1, 60) is False
        assert cache.has_key("menu") is False
        assert cache.get_many(["menu", "other"]) == {}
        assert cache.get_or_set("related", lambda: [1, 2], 60) == [1, 2]
        with pytest.raises(ValueError):
            cache.incr("hits")
        cache.delete("menu")
    assert [r.message for r in caplog.records].count(caplog.records[0].message) == 1, "one warning per outage"
    assert caplog.records[0].message.startswith("Redis does not answer")
    assert not RateCounter.objects.exists(), "only limits go to the database"


@pytest.mark.django_db
def test_rate_limits_count_in_the_database_while_redis_is_down(shared_cache):
    shared_cache.stop()
    limits = caches["ratelimit"]
    assert limits.add(LIMIT_KEY, 0, 3600) is True
    assert [limits.incr(LIMIT_KEY) for _ in range(3)] == [1, 2, 3]
    assert limits.get(LIMIT_KEY) == 3
    # allauth keeps its limits in the default cache, under its own prefix: those go there too.
    caches["default"].add("allauth:rl:login_failed:key:riley", 0, 300)
    assert caches["default"].incr("allauth:rl:login_failed:key:riley") == 1
    assert RateCounter.objects.count() == 2


@pytest.mark.django_db
def test_a_change_made_while_redis_does_not_answer_reaches_it_when_it_answers_again(shared_cache):
    pages = caches["pages"]
    store.generation_bump()
    before = store.generation_current()
    pages.set("pagecache:page:kept", {"body": "cached before the outage"}, 600)
    caches["default"].set("accounts:providers", ["google"], None)

    shared_cache.pause()  # it keeps the old generation: a lost write would leave old pages current
    try:
        store.generation_bump()  # a comment approved during the outage
        caches["default"].delete("accounts:providers")  # a social app changed
        assert store.generation_current() is None  # meanwhile: no cache, pages rendered afresh
    finally:
        shared_cache.resume()

    after = store.generation_current()
    assert after is not None and after != before
    assert caches["default"].get("accounts:providers") is None
    assert pages.get("pagecache:page:kept") == {"body": "cached before the outage"}, "data Redis kept is kept"


@pytest.mark.django_db
def test_readers_get_uncached_pages_with_working_forms_and_the_cache_comes_back(shared_cache, post, settings):
    settings.PAGE_CACHE = True
    url = post.get_absolute_url()
    assert Client().get(url)["X-Page-Cache"] == "miss"
    assert Client().get(url)["X-Page-Cache"] == "hit"

    shared_cache.stop()
    response = Client().get(url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response and "private" in response["Cache-Control"]
    assert 'name="csrfmiddlewaretoken"' in response.content.decode(), "the form works without JavaScript"
    health = Client().get("/healthz")
    assert health.status_code == 200 and json.loads(health.content)["cache"].startswith("error")
    assert Client().get("/healthz?strict=1").status_code == 503

    shared_cache.start()  # back, empty (it keeps nothing on disk)
    assert Client().get(url)["X-Page-Cache"] == "miss"
    assert Client().get(url)["X-Page-Cache"] == "hit"
    assert json.loads(Client().get("/healthz").content)["cache"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_with_the_redis_broker_a_task_waits_in_the_database_until_redis_answers(settings, monkeypatch, redis_server):
    from django_q.conf import Conf

    settings.Q_CLUSTER = {key: value for key, value in settings.Q_CLUSTER.items() if key != "orm"}
    url = redis_server.url + "?socket_connect_timeout=0.5&socket_timeout=0.5"
    settings.Q_CLUSTER["redis"] = url
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "REDIS", url)
    settings.EMAIL_BACKEND = "notifications.mail.QueuedEmailBackend"
    redis_server.stop()

    with transaction.atomic():
        mail.send_mail("Your reply", "Body", "blog@localhost", ["reader@example.org"])  # no error
    waiting = Schedule.objects.get()
    assert waiting.name == "Waiting for Redis: email"
    assert waiting.func == "notifications.queue.run_with_retries" and waiting.schedule_type == Schedule.ONCE
    assert not OrmQ.objects.exists()

    redis_server.start()
    from django_q.brokers import get_broker
    from django_q.scheduler import scheduler

    broker = get_broker()
    scheduler(broker=broker)  # what the worker's scheduler does every poll
    assert broker.queue_size() == 1
    assert not Schedule.objects.filter(pk=waiting.pk).exists() or Schedule.objects.get(pk=waiting.pk).repeats == 0
    broker.connection.delete(broker.list_key)


@pytest.mark.django_db(transaction=True)
def test_two_gunicorn_workers_keep_serving_readers_and_counting_limits_while_redis_is_down(
    tmp_path, redis_server, clinician
):
    from allauth.account.models import EmailAddress

    from tests.factories import PostFactory, UserFactory

    post = PostFactory(author=clinician)
    riley = UserFactory(username="riley", email="riley@example.org")
    riley.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())  # production's hasher
    riley.save()
    EmailAddress.objects.create(user=riley, email=riley.email, verified=True, primary=True)
    env = production_env(
        DATABASE_URL=database_url(connection.settings_dict),
        STATIC_ROOT=collected_static(),
        MEDIA_ROOT=tmp_path,
        REDIS_URL=redis_server.url,
        REDIS_SOCKET_TIMEOUT=1,
        REDIS_RETRY_SECONDS=1,
        COMMENTS_MIN_SECONDS=0,
        COMMENTS_HOLD_FIRST_COMMENT=False,
        COMMENTS_RATE_PER_MINUTE=0,
        COMMENTS_RATE_PER_HOUR=2,
    )
    app = AppServer(env, workers=2).start()
    try:
        url = post.get_absolute_url()
        outcomes = [Visitor(app.url).get(url).headers["X-Page-Cache"] for _ in range(6)]
        assert outcomes == ["miss"] + ["hit"] * 5, "both workers serve the page the first one stored"

        redis_server.stop()
        statuses = []
        for n in range(4):
            reader = Visitor(app.url)
            page = reader.get(url)
            assert page.status == 200 and "X-Page-Cache" not in page.headers
            fields = page.form_fields("#comment-form")  # uncached: the form carries its tokens
            fields.update(comment=f"Question {n} about the psoas", name="Sam", email="sam@example.org")
            fields.pop("preview", None)
            with app.one_worker_held() if n % 2 else contextlib.nullcontext():
                statuses.append(reader.post("/comments/post/", fields).status)
        assert statuses == [200, 200, 429, 429], "the limit holds for both workers, counted in the database"
        assert RateCounter.objects.exists()
        assert Visitor(app.url).log_in("riley", PASSWORD).status == 200, "sessions live in the database"
        assert "Redis does not answer" in app.log_path.read_text()

        redis_server.start()  # empty (it keeps nothing on disk); each worker tries it again within 1 s
        time.sleep(1.5)
        outcomes = [Visitor(app.url).get(url).headers.get("X-Page-Cache") for _ in range(6)]
        assert outcomes[-3:] == ["hit"] * 3, outcomes
    finally:
        app.stop()
