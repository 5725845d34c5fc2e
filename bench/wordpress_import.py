"""How long ``import_wordpress`` takes, and how much memory it needs, on a large export.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<an empty scratch database> \
        .venv/bin/python bench/wordpress_import.py [--posts 2000] [--comments 20000]

Writes a generated export (``tests/posts/wordpress/generate.py``: block-markup posts in one
category, threaded comments, one in ten pending), migrates the database named by
``DATABASE_URL`` (use a scratch one: the run leaves its rows there), then measures

- the parser alone: time and peak Python allocation (tracemalloc) while streaming the file;
- the whole import (one transaction): wall time and the growth of the process's peak RSS
  (``resource.getrusage``) over what Django and the app take before it starts;
- a second run over the same file (everything unchanged).

Appends the figures to bench/results.md between the wordpress-import markers. Not part of CI.
"""

import argparse
import datetime
import io
import os
import platform
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
START, END = "<!-- wordpress-import:start -->", "<!-- wordpress-import:end -->"


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--comments", type=int, default=20000)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to an empty scratch PostgreSQL database.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic_blog.settings_test")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from posts.wordpress.parser import read_wxr
    from tests.posts.wordpress.generate import write_export

    scratch = Path(tempfile.mkdtemp(prefix="wxr-bench-"))
    export = scratch / "export.xml"
    size = write_export(export, posts=args.posts, comments_per_post=args.comments // args.posts)

    started = time.perf_counter()
    tracemalloc.start()
    parts = sum(1 for _ in read_wxr(export))
    _, parse_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    parse_seconds = time.perf_counter() - started

    baseline = peak_rss_mb()
    started = time.perf_counter()
    first = io.StringIO()
    call_command("import_wordpress", str(export), stdout=first)
    import_seconds = time.perf_counter() - started
    import_peak = peak_rss_mb()

    started = time.perf_counter()
    second = io.StringIO()
    call_command("import_wordpress", str(export), stdout=second)
    again_seconds = time.perf_counter() - started

    from comments.models import Comment
    from posts.models import Post

    posts, comments = Post.objects.count(), Comment.objects.count()
    summary = [line for line in first.getvalue().splitlines() if line.startswith("  ") and "#" not in line]
    lines = [
        START,
        f"### WordPress import ({datetime.date.today().isoformat()}, {platform.python_version()}, "
        f"{os.cpu_count()} CPUs shared with other work)",
        "",
        f"Generated export: {args.posts:,} posts, {args.comments:,} comments, {size / 1_048_576:.1f} MB "
        "(`bench/wordpress_import.py`, PostgreSQL 15 on loopback).",
        "",
        "| step | time | memory |",
        "|---|---|---|",
        f"| parse only (streaming, {parts:,} parts) | {parse_seconds:.1f} s | "
        f"peak Python allocation {parse_peak / 1_048_576:.1f} MB |",
        f"| first import (one transaction) | {import_seconds:.0f} s "
        f"({(posts + comments) / import_seconds:.0f} rows/s) | peak RSS {import_peak:.0f} MB "
        f"(+{import_peak - baseline:.0f} MB over the {baseline:.0f} MB of Django and the app) |",
        f"| second import (nothing changes) | {again_seconds:.0f} s | |",
        "",
        f"Imported: {posts:,} posts, {comments:,} comments.",
        "",
        "```",
        *summary,
        "```",
        END,
    ]
    text = RESULTS.read_text() if RESULTS.exists() else ""
    if START in text:
        before, rest = text.split(START, 1)
        text = before + "\n".join(lines) + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    RESULTS.write_text(text)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
