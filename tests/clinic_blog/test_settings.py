"""Production configuration comes from the environment alone, and refuses unsafe defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3Yb8s0Pq1vX7wZt4nR2mL9cJ6hF5dGaUeTiOoPyQrSsWuVx-production-like-key"


def run_manage(*args, **env):
    # A bare environment: the test process itself carries the test settings' variables.
    clean = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DEBUG="False")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_the_development_key():
    from clinic_blog.settings import DEVELOPMENT_SECRET_KEY

    result = run_manage("check", DEBUG="False", SECRET_KEY=DEVELOPMENT_SECRET_KEY)
    assert result.returncode != 0
    assert "development key" in result.stderr


def test_production_refuses_a_short_key():
    result = run_manage("check", DEBUG="False", SECRET_KEY="short")
    assert result.returncode != 0


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="False",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="blog.example.org",
        SITE_URL="https://blog.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_debug_runs_without_any_environment():
    result = run_manage("check", DEBUG="True")
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_https_behind_a_proxy_is_honoured(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get("/", headers={"X-Forwarded-Proto": "https"}).status_code == 200


@pytest.mark.django_db
def test_sites_domain_follows_site_url(settings):
    from django.contrib.sites.models import Site

    from posts.signals import sync_site

    settings.SITE_URL = "https://blog.example.org"
    sync_site()
    assert Site.objects.get_current().domain == "blog.example.org"


PRODUCTION = {"DEBUG": "False", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "blog.example.org"}


def test_production_refuses_to_start_without_site_url():
    result = run_manage("check", **PRODUCTION)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SITE_URL is required" in result.stderr


@pytest.mark.parametrize("site_url", ["blog.example.org", "https://", "ftp://blog.example.org", "   "])
def test_production_refuses_a_site_url_that_is_not_an_address(site_url):
    result = run_manage("check", SITE_URL=site_url, **PRODUCTION)
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


def setting_values(*names, **env):
    code = "from django.conf import settings; " + "; ".join(f"print(repr(settings.{name}))" for name in names)
    result = run_manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-len(names) :]


def test_production_does_not_serve_media_unless_told_to():
    assert setting_values("SERVE_MEDIA", SITE_URL="https://blog.example.org", **PRODUCTION) == ["False"]
    assert setting_values("SERVE_MEDIA", SITE_URL="https://blog.example.org", SERVE_MEDIA="True", **PRODUCTION) == [
        "True"
    ]
    assert setting_values("SERVE_MEDIA", "SITE_URL", DEBUG="True") == ["True", "'http://127.0.0.1:8000'"]


def test_production_routes_no_media_url_by_default():
    code = (
        "from django.urls import resolve, Resolver404\n"
        "try:\n    resolve('/media/posts/x.jpg'); print('routed')\n"
        "except Resolver404:\n    print('not routed')"
    )
    result = run_manage("shell", "-c", code, SITE_URL="https://blog.example.org", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "not routed"


@pytest.mark.parametrize(
    "cache_url", ["locmemcache://", "dbcache://cache_table", "dummycache://", "filecache:///tmp/clinic-cache"]
)
def test_production_refuses_a_cache_that_workers_do_not_share_atomically(cache_url):
    result = run_manage("check", SITE_URL="https://blog.example.org", CACHE_URL=cache_url, **PRODUCTION)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "CACHE_URL must name Redis" in result.stderr


def test_production_refuses_an_unknown_cache_scheme_clearly():
    result = run_manage(
        "check", SITE_URL="https://blog.example.org", REDIS_URL="redsi://127.0.0.1:6379/0", **PRODUCTION
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: REDIS_URL is not a cache address" in result.stderr


def test_production_accepts_redis_and_development_any_cache():
    production = dict(SITE_URL="https://blog.example.org", **PRODUCTION)
    assert setting_values(
        "CACHES['ratelimit']['BACKEND']", CACHE_URL="rediss://cache.example.org:6380/0", **production
    ) == ["'clinic_blog.cache.ResilientRedisCache'"]
    assert setting_values("CACHES['ratelimit']['BACKEND']", DEBUG="True", CACHE_URL="locmemcache://") == [
        "'django.core.cache.backends.locmem.LocMemCache'"
    ]


@pytest.mark.parametrize("endpoint", ["", "api.example.com/purge", "ftp://api.example.com/purge", "https://"])
def test_http_purge_refuses_to_start_without_an_endpoint(endpoint):
    result = run_manage(
        "check",
        SITE_URL="https://blog.example.org",
        PAGE_CACHE_PURGE="posts.pagecache.purge.HttpPurge",
        PAGE_CACHE_PURGE_ENDPOINT=endpoint,
        **PRODUCTION,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "PAGE_CACHE_PURGE_ENDPOINT" in result.stderr
