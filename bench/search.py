"""Search latency with 10,000 posts and 1,000 anatomy topics on PostgreSQL.

    make bench-search     (or .venv/bin/python bench/search.py [--posts 10000] [--topics 1000] [--runs 60])

Creates a scratch PostgreSQL database (``clinic_blog_bench_search``), migrates it, loads the
demo content, then writes 10,000 published posts and 1,000 topics in bulk (bodies drawn from a
fixed vocabulary with a fixed seed, so a run is repeatable; about one post in fifty mentions the
psoas, one in twenty the hip flexors) and indexes them with ``search_index_rebuild``. For each
query of issue 8 it measures, in process and after a warm-up:

- the search itself (``find``: the counts per kind and one ranked page of 20), and
- the whole search page through Django's test client (the view, the template, the tally of
  searches), with persistent database connections, DEBUG=False.

p50 and p95 per query go into bench/results.md between the search-bench markers. Not part of CI.
"""

import argparse
import datetime
import os
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
START, END = "<!-- search-bench:start -->", "<!-- search-bench:end -->"
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_URL = os.environ.get("BENCH_SEARCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic_blog_bench_search")
QUERIES = ["psoas", "soas", "so-as", "illiopsoas", "iliopsoas", "hip flexor", "hip flexors", "pigeon", "snapping hip"]
TARGET_P95_MS = 50

WORD_TEXT = (
    "muscle tendon joint ligament bone nerve pain ache stiffness strength stretch mobility posture knee "
    "ankle shoulder elbow wrist neck spine pelvis thigh calf hamstring quadriceps glute rotator cuff "
    "running walking sitting standing lifting squat lunge bridge plank balance breathing recovery rest "
    "load tissue inflammation swelling bursa cartilage disc vertebra sacrum femur tibia fibula patella "
    "sprain strain tear injury rehabilitation exercise routine habit clinic clinician patient evidence "
    "gentle slowly daily weekly minutes seconds repetitions sets hold release tension warm cold morning"
)
SYLLABLE_TEXT = (
    "ab ad al an ar ba ce co da de di fa ge ha il in la le li lo ma me mi mo na ne ni no ob pe pi po ra "
    "re ri ro sa se si so ta te ti to tu ul um ur us va ve vi"
)
WORDS, SYLLABLES = WORD_TEXT.split(), SYLLABLE_TEXT.split()


def recreate_database():
    import psycopg

    name = PG_URL.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN.replace("postgres://", "postgresql://"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def configure(scratch):
    os.environ.update(
        {
            "DEBUG": "False",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "DATABASE_URL": PG_URL,
            "CONN_MAX_AGE": "600",
            "ALLOWED_HOSTS": "testserver",
            "SITE_URL": "http://testserver",
            "SECURE_SSL_REDIRECT": "False",
            "SESSION_COOKIE_SECURE": "False",
            "CSRF_COOKIE_SECURE": "False",
            "MEDIA_ROOT": str(scratch / "media"),
            "STATIC_ROOT": str(scratch / "static"),
            "LOG_LEVEL": "WARNING",
            "EMAIL_URL": "dummymail://",
            "DJANGO_SETTINGS_MODULE": "clinic_blog.settings",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def sentence(rng, extra=()):
    words = rng.choices(WORDS, k=rng.randint(8, 16))
    for word in extra:
        words.insert(rng.randrange(len(words)), word)
    return " ".join(words).capitalize() + "."


def fill(*, posts, topics, seed=8):
    """Bulk-write posts and topics (no per-row signals), then index everything in one rebuild."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from posts.models import AnatomyTopic, Post
    from posts.search.services import search_index_rebuild

    rng = random.Random(seed)
    author = get_user_model().objects.get(username="clinician")
    now = timezone.now()
    batch = []
    for n in range(posts):
        extra = []
        if rng.random() < 0.02:
            extra.append("psoas")
        if rng.random() < 0.05:
            extra += ["hip", "flexors"]
        if rng.random() < 0.01:
            extra.append("pigeon")
        paragraphs = "".join(
            f"<p>{' '.join(sentence(rng, extra if i == 0 else ()) for _ in range(4))}</p>" for i in range(5)
        )
        title = " ".join(rng.choices(WORDS, k=rng.randint(3, 7))).capitalize()
        batch.append(
            Post(
                title=title,
                slug=f"bench-{n}",
                author=author,
                excerpt=sentence(rng),
                body=paragraphs,
                body_html=paragraphs,
                status=Post.Status.PUBLISHED,
                published_at=now - datetime.timedelta(hours=n + 1),
            )
        )
    Post.objects.bulk_create(batch, batch_size=1000)
    names = set()
    topic_batch = []
    while len(topic_batch) < topics:
        name = "".join(rng.choices(SYLLABLES, k=rng.randint(3, 5))).capitalize()
        if name in names:
            continue
        names.add(name)
        alias = " ".join(rng.choices(WORDS, k=2))
        topic_batch.append(
            AnatomyTopic(
                name=name,
                slug=f"bench-topic-{len(topic_batch)}",
                aliases=f"{alias}, {name.lower()} muscle",
                pronunciation="-".join(rng.choices(SYLLABLES, k=3)).upper(),
                summary=sentence(rng),
                origin=sentence(rng),
                insertion=sentence(rng),
                author=author,
                region=rng.choice(AnatomyTopic.Region.values),
            )
        )
    AnatomyTopic.objects.bulk_create(topic_batch, batch_size=1000)
    started = time.perf_counter()
    indexed = search_index_rebuild()
    return indexed, time.perf_counter() - started


def percentiles(samples):
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94]


def measure(runs):
    from django.db import connection, reset_queries
    from django.test import Client

    from posts.search.backends import search_backend
    from posts.search.text import parse_query

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    backend = search_backend()
    client = Client()
    rows = {}
    for text in QUERIES:
        query = parse_query(text)
        for _ in range(5):
            found = backend.find(query)
            client.get("/search/", {"q": text})
        search_ms, page_ms = [], []
        for _ in range(runs):
            started = time.perf_counter()
            found = backend.find(query, limit=20)
            search_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            response = client.get("/search/", {"q": text})
            page_ms.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        reset_queries()
        first = found.hits[0].entry.title if found.hits else "—"
        rows[text] = {
            "results": found.total,
            "first": first,
            "search": percentiles(search_ms),
            "page": percentiles(page_ms),
            "all_search": search_ms,
            "all_page": page_ms,
        }
        print(f"{text!r}: {found.total} results, first {first!r}, search p50/p95 {rows[text]['search']}")
    suggest_ms = []
    for text in QUERIES:
        for _ in range(max(5, runs // 3)):
            started = time.perf_counter()
            client.get("/search/suggest/", {"q": text})
            suggest_ms.append((time.perf_counter() - started) * 1000)
    return rows, percentiles(suggest_ms)


def plans():
    """The plan of the ranked page for one query, to show which indexes the real planner picks."""
    from django.db import connection

    from posts.search.backends import search_backend
    from posts.search.text import parse_query

    sql, params = search_backend().search_sql(parse_query("hip flexor"))
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {sql}", params)
        plan = [row[0] for row in cursor.fetchall()]
    return [line for line in plan if "Scan" in line or "Execution Time" in line]


def write_results(*, rows, suggest, posts, topics, indexed, index_seconds, runs, plan):
    load = os.getloadavg()[0]
    all_search = [ms for row in rows.values() for ms in row["all_search"]]
    all_page = [ms for row in rows.values() for ms in row["all_page"]]
    overall_search, overall_page = percentiles(all_search), percentiles(all_page)
    table = "\n".join(
        f"| {text} | {row['results']} | {row['first']} | {row['search'][0]:.1f} | {row['search'][1]:.1f} "
        f"| {row['page'][0]:.1f} | {row['page'][1]:.1f} |"
        for text, row in rows.items()
    )
    verdict = "meets" if overall_page[1] < TARGET_P95_MS else "misses"
    plan_lines = "\n".join(f"    {line.strip()}" for line in plan)
    section = f"""{START}
## Search (bench/search.py)

{datetime.date.today().isoformat()}, {os.cpu_count()} CPU cores shared with other work (load average
{load:.2f} at the end of the run), PostgreSQL 15 on loopback, DEBUG=False, persistent connection,
in process. {posts:,} generated posts and {topics:,} generated topics on top of the demo content:
{indexed:,} search entries, indexed by `search_index_rebuild` in {index_seconds:.1f} s. Each query
{runs} times after a warm-up. "search" is the backend alone (counts per kind + one ranked page of
20); "page" is the whole `/search/?q=` response through Django's test client (view, template,
the tally of searches).

| query | results | first | search p50 ms | search p95 ms | page p50 ms | page p95 ms |
|---|---|---|---|---|---|---|
{table}
| **all queries** | | | {overall_search[0]:.1f} | {overall_search[1]:.1f} | {overall_page[0]:.1f} \
| {overall_page[1]:.1f} |

Suggestions (`/search/suggest/`, all queries): p50 {suggest[0]:.1f} ms, p95 {suggest[1]:.1f} ms.

Target (issue 8): p95 under {TARGET_P95_MS} ms — the whole page {verdict} it ({overall_page[1]:.1f} ms).
The plan PostgreSQL chose for the ranked page of "hip flexor" (scans only):

{plan_lines}
{END}"""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    if START in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    RESULTS.write_text(text)
    print(f"Wrote {RESULTS.relative_to(ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--topics", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--no-write", action="store_true", help="print the figures, leave results.md alone")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="clinic-bench-search-"))
    print("Preparing a scratch database...")
    recreate_database()
    configure(scratch)
    from django.core.management import call_command

    from posts.demo import load_content

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    load_content()
    print(f"Writing {args.posts} posts and {args.topics} topics...")
    indexed, index_seconds = fill(posts=args.posts, topics=args.topics)
    print(f"Indexed {indexed} entries in {index_seconds:.1f} s")
    rows, suggest = measure(args.runs)
    plan = plans()
    print("\n".join(plan))
    if not args.no_write:
        write_results(
            rows=rows,
            suggest=suggest,
            posts=args.posts,
            topics=args.topics,
            indexed=indexed,
            index_seconds=index_seconds,
            runs=args.runs,
            plan=plan,
        )


if __name__ == "__main__":
    main()
