"""The shared limits store: a cache whose counters are incremented in SQL, and the default cache
that sends allauth's limit keys there."""

import datetime
import threading

import pytest
from django.core.cache import caches
from django.db import connections
from django.utils import timezone

from comments.counters import DatabaseCounterCache, LimitsRoutingCache, expired_purge
from comments.models import RateCounter

pytestmark = pytest.mark.django_db


@pytest.fixture
def store():
    return DatabaseCounterCache("", {})


def test_add_only_when_missing_or_expired(store):
    assert store.add("k", 0, timeout=60) is True
    assert store.add("k", 5, timeout=60) is False
    assert store.get("k") == 0
    RateCounter.objects.update(expires=timezone.now() - datetime.timedelta(seconds=1))
    assert store.get("k", "gone") == "gone"
    assert store.add("k", 7, timeout=60) is True and store.get("k") == 7


def test_incr_decr_and_missing_keys(store):
    store.set("n", 1, timeout=60)
    assert store.incr("n") == 2 and store.incr("n", 5) == 7 and store.decr("n") == 6
    with pytest.raises(ValueError):
        store.incr("missing")
    store.set("list", [1.5, 2.5], timeout=60)
    with pytest.raises(ValueError):
        store.incr("list")  # not a counter


def test_other_values_round_trip_and_delete(store):
    store.set("history", [1700000000.5, 1700000001.25], timeout=60)
    store.set("flag", True, timeout=60)
    assert store.get("history") == [1700000000.5, 1700000001.25]
    assert store.get("flag") is True
    assert store.has_key("flag") and store.delete("flag") and not store.has_key("flag")
    assert store.touch("history", timeout=1) is True
    store.set("forever", 1, timeout=None)
    assert RateCounter.objects.get(key=store.make_key("forever")).expires.year == 9999
    store.clear()
    assert not RateCounter.objects.exists()


def test_expired_rows_are_purged(store):
    store.set("old", 1, timeout=60)
    store.set("new", 1, timeout=60)
    RateCounter.objects.filter(key=store.make_key("old")).update(expires=timezone.now() - datetime.timedelta(hours=1))
    assert expired_purge() == 1 and store.get("new") == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_increments_from_many_connections_are_all_counted():
    if connections["default"].vendor != "postgresql":
        pytest.skip("SQLite locks the whole database for each writer; production runs on PostgreSQL")
    store = DatabaseCounterCache("", {})
    store.add("hits", 0, timeout=60)
    barrier = threading.Barrier(8)
    seen = []

    def hit():
        try:
            barrier.wait()
            for _ in range(25):
                store.add("hits", 0, timeout=60)
                seen.append(store.incr("hits"))
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.get("hits") == 200
    assert sorted(seen) == list(range(1, 201)), "every increment saw its own number"


def test_the_default_cache_routes_allauth_limits_to_the_shared_store(settings):
    if not isinstance(caches["default"], LimitsRoutingCache):
        pytest.skip("a shared cache (Redis) is configured: allauth uses it directly")
    caches["default"].set("allauth:rl:allauth.account:login_failed:5/300s:abc", [1.0], 300)
    caches["default"].set("menu", ["About"], 300)
    assert RateCounter.objects.filter(key__contains="allauth:rl:").count() == 1
    assert not RateCounter.objects.filter(key__contains="menu").exists()
    assert caches["default"].get("allauth:rl:allauth.account:login_failed:5/300s:abc") == [1.0]
    assert caches["local"].get("menu") == ["About"]


def production_caches(**env):
    """The CACHES a production process builds from ``env`` (a bare environment, like an operator's)."""
    import json
    import os
    import secrets
    import subprocess
    import sys

    from tests.loopback.apps import ROOT

    clean = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SITE_URL": "https://blog.example.org",
        "ALLOWED_HOSTS": "blog.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
        **env,
    }
    code = "import json; from django.conf import settings; print(json.dumps(settings.CACHES))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("env", "limits", "default"),
    [
        ({}, "comments.counters.DatabaseCounterCache", "comments.counters.LimitsRoutingCache"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/1"}, "clinic_blog.cache.ResilientRedisCache", None),
        ({"DEBUG": "True"}, "django.core.cache.backends.locmem.LocMemCache", None),
    ],
)
def test_production_always_shares_the_limits(env, limits, default):
    caches_config = production_caches(**env)
    assert caches_config["ratelimit"]["BACKEND"] == limits
    assert caches_config["default"]["BACKEND"] == (default or limits), "allauth's limits live in the default cache"


def test_with_redis_limits_fall_back_to_the_database_counters_while_it_does_not_answer():
    caches_config = production_caches(REDIS_URL="redis://127.0.0.1:6379/1")
    assert caches_config["counters"]["BACKEND"] == "comments.counters.DatabaseCounterCache"
    assert caches_config["ratelimit"]["OPTIONS"]["FALLBACK"] == "counters"
    assert caches_config["ratelimit"]["OPTIONS"]["FALLBACK_PREFIXES"] == [""], "every limit key"
    assert caches_config["default"]["OPTIONS"]["FALLBACK_PREFIXES"] == ["allauth:rl:"], "only allauth's limits"
