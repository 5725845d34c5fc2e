"""Throughput of the home page and of post pages with 3 and 300 threaded comments, under gunicorn.

    .venv/bin/python bench/post_page.py [--duration 20] [--connections 8] [--workers N]

(``make bench`` runs bench/pages.py, which reuses this file's content and adds the page cache,
nginx and the machine's ceiling.)

Creates a scratch PostgreSQL database (``clinic_blog_bench``), migrates it, writes the two
posts, serves the app with gunicorn exactly as production would (DEBUG=False, persistent
connections, whitenoise), loads each page over loopback for a fixed time with ``wrk``
(Debian: ``apt-get install wrk``; a small threaded Python client otherwise) and writes
requests/second and latency percentiles into bench/results.md between the comment-bench
markers. Uncached: no page or fragment cache is configured. Not part of CI.
"""

import argparse
import datetime
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results.md"
START, END = "<!-- comment-bench:start -->", "<!-- comment-bench:end -->"
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic_blog_bench")

SETUP = r"""
import datetime
from django.contrib.auth import get_user_model
from django.utils import timezone
from comments.models import Comment
from django.contrib.contenttypes.models import ContentType
from django_comments.models import CommentFlag
from django_comments_xtd.models import LIKEDIT_FLAG
from posts.models import Post

User = get_user_model()
author, _ = User.objects.get_or_create(username="bench-clinician", defaults={"first_name": "Maya", "is_staff": True})
readers = [User.objects.get_or_create(username=f"bench-reader-{n}")[0] for n in range(5)]
# About 875 words, as in the issue's measurements (P3).
body = "<h2>Why</h2>" + "<p>The iliopsoas flexes the hip and steadies the lumbar spine.</p>" * 87
posts = {}
for slug, count in (("bench-300-comments", 300), ("bench-3-comments", 3)):
    Post.objects.filter(slug=slug).delete()
    post = Post.objects.create(title=f"A post with {count} comments", slug=slug, author=author, body=body,
                               status="published", published_at=timezone.now() - datetime.timedelta(days=2))
    ct = ContentType.objects.get_for_model(Post)
    made, n = 0, 0
    # Six comments a thread (a root, two replies, three replies to those): 300 fit one comment page.
    while made < count:
        def add(parent=None, user=None):
            global made
            made += 1
            text = f"Comment {made}: the p is silent, and www.example.org/{made} has a picture.\n\nSecond paragraph."
            name = (user.get_full_name() or user.username) if user else f"Reader {made}"
            return Comment.objects.create(content_type=ct, object_pk=str(post.pk), site_id=1, user=user,
                                          user_name=name, user_email=f"reader{made % 40}@example.org", comment=text,
                                          submit_date=timezone.now(), parent_id=parent.pk if parent else 0)
        root = add()
        # root → a → (a1, a2 by the author); root → b by the author → b1
        a = add(root) if made < count else None
        b = None
        for parent_name, user in (("a", None), ("a", author), ("root", author), ("b", None)):
            if made >= count:
                break
            parent = {"a": a, "root": root, "b": b}[parent_name]
            reply = add(parent, user)
            if parent_name == "root":
                b = reply
        n += 1
    for comment in Comment.objects.filter(object_pk=str(post.pk))[:60]:
        for reader in readers[:2]:
            CommentFlag.objects.get_or_create(comment=comment, user=reader, flag=LIKEDIT_FLAG)
    print(slug, Comment.objects.filter(object_pk=str(post.pk)).count(), "comments in", n, "threads")
# 48 more posts: the home page lists the 10 latest of 50.
for n in range(48):
    Post.objects.update_or_create(slug=f"bench-filler-{n}", defaults=dict(
        title=f"Filler post {n}", author=author, body=body, excerpt="A short summary for the card.",
        status="published", published_at=timezone.now() - datetime.timedelta(days=3 + n)))
"""


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def recreate_database(env):
    import psycopg

    name = PG_URL.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN.replace("postgres://", "postgresql://"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def wait_until_up(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {url}")


def load_with_wrk(url, duration, connections):
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def percentile(p):
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": percentile(50), "p99": percentile(99), "errors": int(errors.group(1)) if errors else 0}


def load_with_python(url, duration, connections):
    latencies, errors, stop = [], [0], time.monotonic() + duration

    def worker():
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    response.read()
                    ok = response.status == 200
            except OSError:
                ok = False
            latencies.append((time.perf_counter() - started) * 1000)
            errors[0] += not ok

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cuts = statistics.quantiles(latencies, n=100)
    return {"rps": len(latencies) / duration, "p50": cuts[49], "p99": cuts[98], "errors": errors[0]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=os.cpu_count() * 2)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="clinic-bench-"))
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": PG_URL,
        "CONN_MAX_AGE": "600",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "False",
        "SESSION_COOKIE_SECURE": "False",
        "CSRF_COOKIE_SECURE": "False",
        "STATIC_ROOT": str(scratch / "static"),
        "MEDIA_ROOT": str(scratch / "media"),
        "LOG_LEVEL": "WARNING",
        "EMAIL_URL": "dummymail://",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    print("Preparing the database and static files...")
    recreate_database(env)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "shell", "-c", SETUP], env)

    gunicorn = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "clinic_blog.wsgi", "-c", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--access-logfile", "/dev/null"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    load = load_with_wrk if shutil.which("wrk") else load_with_python
    load_before = os.getloadavg()[0]
    tool = "wrk 1 thread" if shutil.which("wrk") else "Python threads"
    results = {}
    try:
        base = f"http://127.0.0.1:{port}"
        pages = {
            "home page (10 posts)": ("/", None),
            "post with 3 threaded comments": ("/posts/bench-3-comments/", 3),
            "post with 300 threaded comments": ("/posts/bench-300-comments/", 300),
        }
        for label, (path, comments) in pages.items():
            url = base + path
            wait_until_up(url)
            with urllib.request.urlopen(url) as response:
                page = response.read().decode()
            if comments is not None:
                assert page.count('class="comment-item') == comments, "not every comment is on the page"
            load(url, 3, args.connections)  # warm up every worker's connection and caches
            results[label] = load(url, args.duration, args.connections)
            print(label, results[label])
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)

    rows = "\n".join(
        f"| {label} | {r['rps']:.0f} | {r['p50']:.1f} ms | {r['p99']:.1f} ms | {r['errors']} |"
        for label, r in results.items()
    )
    section = f"""{START}
## Home page and post pages (bench/post_page.py)

{datetime.date.today().isoformat()}, {os.cpu_count()} CPU cores, PostgreSQL on loopback, gunicorn with
{args.workers} sync workers, DEBUG=False, persistent connections, no page cache; {tool},
{args.connections} connections for {args.duration} s after a 3 s warm-up. All 300 comments are on the
page (50 threads of six, under the 50-thread page size), with likes. Load average before the
run: {load_before:.2f} (anything above 0 is other work sharing the two cores).

| page | requests/s | p50 | p99 | errors |
|---|---|---|---|---|
{rows}

Quality bars (PRODUCT.md): home ≥ 300, post with 3 comments ≥ 250, post with 300 comments ≥ 60
requests/s; p99 under 100 ms for the first two.
{END}"""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    if START in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    RESULTS.write_text(text)
    print(f"Wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
