"""In-process cost of P3, P300 and HOME, and where it goes (cProfile), before any page cache.

    DATABASE_URL=postgres://…/scratch .venv/bin/python bench/profile_pages.py [--rounds 200]

Writes the bench content (bench/post_page.py's SETUP, plus filler posts up to 50) into the
database named by DATABASE_URL (migrating it first), requests each page through Django's test
client with DEBUG=False, and writes bench/profile-<page>.txt: mean time per request, queries
per request, and the 30 functions with the highest cumulative time. The page cache is off.
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PAGES = {"P3": "/posts/bench-3-comments/", "P300": "/posts/bench-300-comments/", "HOME": "/"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    os.environ.update(
        DEBUG="False",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(60),
        ALLOWED_HOSTS="testserver",
        SITE_URL="http://testserver",  # required with DEBUG=False
        SECURE_SSL_REDIRECT="False",
        PAGE_CACHE="False",
        STATIC_ROOT=os.environ.get("STATIC_ROOT", "/tmp/clinic-blog-profile-static"),
        LOG_LEVEL="WARNING",
    )
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_blog.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from post_page import SETUP

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    exec(SETUP, {})  # noqa: S102 (the bench's own content script)
    client = Client()
    for name, path in PAGES.items():
        for _ in range(20):
            assert client.get(path).status_code == 200
        queries = []

        def count(execute, sql, *rest, queries=queries):
            queries.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(count):
            client.get(path)
        started = time.perf_counter()
        for _ in range(args.rounds):
            client.get(path)
        mean_ms = (time.perf_counter() - started) * 1000 / args.rounds
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.rounds):
            client.get(path)
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).strip_dirs().sort_stats("cumulative")
        stats.print_stats(30)
        header = (
            f"{name} {path}: {mean_ms:.2f} ms a request (mean of {args.rounds}, Django test client, "
            f"DEBUG=False, no page cache), {len(queries)} queries\n"
        )
        print(header.strip())
        (ROOT / "bench" / f"profile-{name}.txt").write_text(header + "\n".join(out.getvalue().splitlines()[:80]) + "\n")


if __name__ == "__main__":
    main()
