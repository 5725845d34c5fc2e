"""Faults: the worker killed mid-send, and PostgreSQL restarted under load.

    make bench-faults   (or .venv/bin/python bench/faults.py [--mails 300])

1. The worker is killed (SIGKILL to all its processes) while it sends a queue of mails to a slow
   SMTP sink, then started again: every mail must arrive; a mail arriving twice is allowed only
   for tasks the killed worker had already sent but not yet recorded (the documented window),
   so the figures show both.
2. PostgreSQL (the bench's own loopback cluster, never the machine's) is restarted while readers
   load pages: during the outage pages must answer a clean 503 page (no traceback, no 500), and
   the app must serve again without being restarted.

Figures go into bench/results.md between the fault-bench markers; no timed assertions.
"""

import argparse
import datetime
import os
import re
import threading
import time
from collections import Counter

from loopback_site import BenchSite, manage, write_section

from tests.loopback.http import Visitor

START, END = "<!-- fault-bench:start -->", "<!-- fault-bench:end -->"

QUEUE_MAILS = """
from django.core.mail import send_mail
for n in range({count}):
    send_mail(f"Bench mail {{n}}", "Body", None, [f"reader{{n}}@example.org"])
"""


def subjects(sink):
    found = Counter()
    for _rcpt, text in list(sink.messages):
        match = re.search(r"^Subject: (Bench mail \d+)", text, flags=re.M)
        if match:
            found[match.group(1)] += 1
    return found


def worker_crash(site, mails):
    manage(site.env, "shell", "-c", QUEUE_MAILS.format(count=mails))
    env = {"TASK_WORKERS": 2, "TASK_TIMEOUT": 10, "TASK_RETRY_AFTER": 15}
    worker = site.start_worker(**env)
    site.sink.wait_for(mails // 3, timeout=300)
    taken = site.sql("SELECT count(*) FROM django_q_ormq WHERE lock > now()")[0][0]
    worker.kill()
    at_kill = sum(subjects(site.sink).values())
    killed_at = time.monotonic()
    time.sleep(2)
    site.start_worker(**env)
    deadline = time.monotonic() + 300
    while len(subjects(site.sink)) < mails and time.monotonic() < deadline:
        time.sleep(0.5)
    recovered_after = time.monotonic() - killed_at
    time.sleep(3)  # let a late duplicate show
    site.worker.stop()
    received = subjects(site.sink)
    waiting = site.sql("SELECT count(*) FROM django_q_ormq")[0][0]
    return {
        "mails": mails,
        "at_kill": at_kill,
        "taken": taken,
        "unique": len(received),
        "twice": sum(1 for count in received.values() if count > 1),
        "recovered_after": recovered_after,
        "waiting": waiting,
    }


def database_restart(site, readers=10, before=10, outage=5, after=20):
    urls = site.reader_urls()
    log, lock = [], threading.Lock()
    stop_at = time.monotonic() + before + outage + after + 5
    origin = time.monotonic()

    def read(offset):
        visitor = Visitor(site.app.url)
        n = offset
        while time.monotonic() < stop_at:
            n += 1
            path = urls[n % len(urls)]
            try:
                response = visitor.get(path)
                entry = (time.monotonic() - origin, response.status, response.text)
            except Exception as exc:  # the client's view: a refused connection is a failure too
                entry = (time.monotonic() - origin, type(exc).__name__, "")
            with lock:
                log.append(entry)

    threads = [threading.Thread(target=read, args=(n * 7,)) for n in range(readers)]
    for thread in threads:
        thread.start()
    time.sleep(before)
    down_at = time.monotonic() - origin
    site.cluster.primary.stop(mode="fast")
    time.sleep(outage)
    site.cluster.primary.start()
    site.cluster.primary.wait_until_ready()
    up_at = time.monotonic() - origin
    for thread in threads:
        thread.join()

    during = [entry for entry in log if down_at <= entry[0] <= up_at]
    after_up = [entry for entry in log if entry[0] > up_at]
    first_ok = next((entry[0] - up_at for entry in sorted(after_up) if entry[1] == 200), None)
    last_10 = [entry for entry in log if entry[0] > up_at + max(after - 10, 0)]
    return {
        "total": len(log),
        "statuses": Counter(entry[1] for entry in log),
        "during": Counter(entry[1] for entry in during),
        "tracebacks": sum(1 for entry in log if "Traceback" in entry[2]),
        "clean_503": sum(1 for entry in log if entry[1] == 503 and "Back in a moment" in entry[2]),
        "first_ok": first_ok,
        "last_10_ok": sum(1 for entry in last_10 if entry[1] == 200),
        "last_10": len(last_10),
        "outage": up_at - down_at,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mails", type=int, default=300)
    args = parser.parse_args()
    site = BenchSite(commenters=1, web_workers=2, smtp_delay=0.05).start()
    try:
        crash = worker_crash(site, args.mails)
        print(crash)
        restart = database_restart(site)
        print(restart)
    finally:
        site.stop()

    def fmt(counter):
        return ", ".join(f"{key}: {value}" for key, value in sorted(counter.items(), key=str)) or "none"

    first_ok = f"{restart['first_ok']:.1f} s" if restart["first_ok"] is not None else "never"
    today, load = datetime.date.today().isoformat(), os.getloadavg()[0]
    body = f"""## Faults (bench/faults.py)

Measured {today} on this machine (2 cores shared with other work: load average {load:.1f});
the bench's own PostgreSQL cluster
on loopback, gunicorn with 2 workers, the worker with 2 processes, an SMTP sink taking 50 ms a message.

**Worker killed mid-send.** {crash["mails"]} mails queued; the worker was killed with SIGKILL (all its
processes) after {crash["at_kill"]} had arrived, holding {crash["taken"]} taken tasks, and started again
(`TASK_RETRY_AFTER=15`): **{crash["unique"]} of {crash["mails"]} distinct mails arrived**, {crash["twice"]} arrived
twice (the window: accepted by the mail server but its key not yet committed when the worker died),
all within {crash["recovered_after"]:.0f} s of the kill; {crash["waiting"]} tasks left in the queue.

**PostgreSQL restarted under load.** 10 readers; PostgreSQL stopped (`pg_ctl -m fast`) for
{restart["outage"]:.1f} s and started again; gunicorn and the worker were not touched.
- All responses ({restart["total"]}): {fmt(restart["statuses"])}.
- While the database was down: {fmt(restart["during"])}; clean 503 pages ("Back in a moment", `Retry-After`):
  {restart["clean_503"]}; pages showing a traceback: **{restart["tracebacks"]}**.
- First page served after PostgreSQL was back: {first_ok}; in the last 10 s, {restart["last_10_ok"]} of
  {restart["last_10"]} requests answered 200 — the app recovered without a restart.
"""
    print(body)
    write_section(START, END, body)


if __name__ == "__main__":
    main()
