"""60 seconds of 50 readers and 5 commenters against gunicorn on PostgreSQL.

    make bench-load   (or .venv/bin/python bench/load.py [--duration 60] [--readers 50] [--commenters 5])

Starts its own PostgreSQL cluster on loopback (removed afterwards), gunicorn with 4 workers as
production runs it, the background worker delivering to an SMTP sink, and a bounded Python
client: reader threads fetch pages from the sitemap (and a search), commenter threads sign in
and comment on posts, each comment carrying a unique token. Afterwards it counts, in the
database, how often each token was stored: every accepted comment exactly once, no refused one.
Figures go into bench/results.md between the load-bench markers. No timed assertions; the
machine may be shared, so the figures are what this machine gave at that moment.
"""

import argparse
import datetime
import os
import random
import threading
import time
import uuid
from collections import Counter

from loopback_site import PASSWORD, BenchSite, percentile, write_section

from tests.loopback.http import Visitor

START, END = "<!-- load-bench:start -->", "<!-- load-bench:end -->"


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = {"read": [], "comment": []}
        self.statuses = Counter()
        self.failures = Counter()  # connection errors, timeouts
        self.accepted, self.refused = [], []

    def record(self, kind, status, seconds):
        with self.lock:
            self.latencies[kind].append(seconds * 1000)
            self.statuses[status] += 1


def timed(tally, kind, call):
    started = time.perf_counter()
    try:
        response = call()
    except Exception as exc:  # a refused or dropped connection counts as a failure, not a crash of the bench
        with tally.lock:
            tally.failures[type(exc).__name__] += 1
        return None
    tally.record(kind, response.status, time.perf_counter() - started)
    return response


def reader(site, urls, deadline, tally):
    visitor = Visitor(site.app.url)
    while time.monotonic() < deadline:
        timed(tally, "read", lambda: visitor.get(random.choice(urls)))


def commenter(site, number, posts, deadline, tally):
    visitor = Visitor(site.app.url)
    visitor.log_in(f"commenter{number}", PASSWORD)
    while time.monotonic() < deadline:
        path = random.choice(posts)
        page = timed(tally, "read", lambda path=path: visitor.get(path))
        if page is None or page.status != 200:
            continue
        token = f"load-{uuid.uuid4().hex[:12]}"
        fields = page.form_fields("#comment-form")
        fields.update(comment=f"Does this help after a long run? {token}")
        fields.pop("preview", None)
        response = timed(tally, "comment", lambda fields=fields: visitor.post("/comments/post/", fields))
        with tally.lock:
            (tally.accepted if response is not None and response.status == 200 else tally.refused).append(token)


def row(name, latencies, elapsed):
    return (
        f"| {name} | {len(latencies)} | {len(latencies) / elapsed:.1f} "
        f"| {percentile(latencies, 0.5):.0f} | {percentile(latencies, 0.99):.0f} |"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--commenters", type=int, default=5)
    args = parser.parse_args()

    site = BenchSite(commenters=args.commenters).start()
    try:
        site.start_worker()
        urls, posts = site.reader_urls(), site.post_paths()
        print(f"{len(urls)} reader URLs, {len(posts)} posts; running {args.duration} s")
        tally = Tally()
        deadline = time.monotonic() + args.duration
        threads = [threading.Thread(target=reader, args=(site, urls, deadline, tally)) for _ in range(args.readers)]
        threads += [
            threading.Thread(target=commenter, args=(site, n, posts, deadline, tally)) for n in range(args.commenters)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        stored = Counter(
            dict(site.sql("SELECT substring(comment from 'load-[0-9a-f]{12}'), count(*) FROM django_comments "
                          "WHERE comment LIKE %s GROUP BY 1", ["%load-%"]))
        )  # fmt: skip
    finally:
        site.stop()

    accepted_once = sum(1 for token in tally.accepted if stored[token] == 1)
    duplicated = sum(1 for token in tally.accepted if stored[token] > 1)
    lost = sum(1 for token in tally.accepted if stored[token] == 0)
    refused_but_stored = sum(1 for token in tally.refused if stored[token])
    server_errors = sum(count for status, count in tally.statuses.items() if status >= 500)
    total = sum(tally.statuses.values())
    reads, comments = tally.latencies["read"], tally.latencies["comment"]
    statuses = ", ".join(f"{status}: {count}" for status, count in sorted(tally.statuses.items()))
    failures = ", ".join(f"{name}: {count}" for name, count in tally.failures.items()) or "none"
    today, load = datetime.date.today().isoformat(), os.getloadavg()[0]
    body = f"""## Load: {args.readers} readers and {args.commenters} commenters for {args.duration} s (bench/load.py)

Measured {today} on this machine (2 cores shared with other work: load average {load:.1f}),
gunicorn with 4 sync workers,
PostgreSQL 15 on loopback, the background worker sending to an SMTP sink; a bounded Python client
(one thread per reader or commenter, each waiting for its answer before the next request).

| | requests | per second | p50 ms | p99 ms |
|---|---|---|---|---|
{row("pages read", reads, elapsed)}
{row("comments sent", comments, elapsed)}

- Responses: {total} ({statuses}); **server errors (5xx): {server_errors}**; connection failures: {failures}.
- Comments: {len(tally.accepted)} accepted, **{accepted_once} stored exactly once**, {duplicated} stored twice or more,
  {lost} lost; {len(tally.refused)} refused, of which {refused_but_stored} stored anyway.
- Mail delivered by the worker during the run: {len(site.sink.messages)}.
"""
    print(body)
    write_section(START, END, body)


if __name__ == "__main__":
    main()
