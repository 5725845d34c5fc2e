"""A production-configured Clinic Blog on loopback for the load and fault benches: its own
PostgreSQL cluster (started and removed by the bench, never the machine's), gunicorn, the
worker and an SMTP sink, with a few reader accounts and the demo posts."""

import re
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.loopback.apps import AppServer, manage, production_env  # noqa: E402
from tests.loopback.postgres import LoopbackCluster  # noqa: E402
from tests.loopback.static import collected_static  # noqa: E402
from tests.loopback.workers import SmtpSink, Worker  # noqa: E402

PASSWORD = "a long bench passphrase"

ACCOUNTS = """
from django.contrib.auth import get_user_model
from allauth.account.models import EmailAddress
for n in range({count}):
    user = get_user_model().objects.create_user(f"commenter{{n}}", f"commenter{{n}}@example.org", {password!r})
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
"""


class BenchSite:
    def __init__(self, *, commenters=5, web_workers=4, smtp_delay=0.0, log=print):
        self.commenters, self.web_workers, self.smtp_delay, self.log = commenters, web_workers, smtp_delay, log
        self.cluster = self.app = self.worker = self.sink = None

    def start(self):
        self.cluster = LoopbackCluster()
        primary = self.cluster.start_primary()
        self.log(f"PostgreSQL (loopback cluster) on port {primary.port}")
        self.sink = SmtpSink(delay=self.smtp_delay).start()
        media = Path(tempfile.mkdtemp(prefix="clinic-blog-bench-media-"))
        self.env = production_env(
            DATABASE_URL=primary.url(self.cluster.database),
            STATIC_ROOT=collected_static(),
            MEDIA_ROOT=media,
            EMAIL_URL=self.sink.email_url,
            COMMENTS_MIN_SECONDS=0,
            COMMENTS_HOLD_FIRST_COMMENT=False,
            COMMENTS_RATE_PER_MINUTE=0,  # the limits are tested on their own; here they would refuse the load
            COMMENTS_RATE_PER_HOUR=0,
            COMMENTS_NOTIFY_AUTHOR=False,
        )
        manage(self.env, "migrate", "--noinput")
        manage(self.env, "load_demo")
        manage(self.env, "shell", "-c", ACCOUNTS.format(count=self.commenters, password=PASSWORD))
        self.app = AppServer(self.env, workers=self.web_workers).start()
        self.log(f"gunicorn with {self.web_workers} workers at {self.app.url}")
        return self

    def start_worker(self, **env):
        self.worker = Worker({**self.env, **{k: str(v) for k, v in env.items()}}, name="bench-worker").start()
        return self.worker

    def reader_urls(self):
        with urllib.request.urlopen(self.app.url + "/sitemap.xml", timeout=30) as response:
            locs = re.findall(r"<loc>([^<]+)</loc>", response.read().decode())
        paths = sorted({re.sub(r"^https?://[^/]+", "", loc) for loc in locs})
        return ["/", "/search/?q=hip", *paths]

    def post_paths(self):
        return [path for path in self.reader_urls() if re.fullmatch(r"/posts/(?!tag/|category/|author/)[\w-]+/", path)]

    def sql(self, query, params=()):
        with self.cluster.primary.connect(self.cluster.database) as connection:
            return connection.execute(query, params).fetchall()

    def stop(self):
        for part in (self.worker, self.app):
            if part is not None:
                part.stop()
        if self.sink is not None:
            self.sink.stop()
        if self.cluster is not None:
            self.cluster.stop()


def write_section(start, end, body):
    results = ROOT / "bench" / "results.md"
    text = results.read_text() if results.exists() else "# Benchmark results\n"
    section = f"{start}\n{body.strip()}\n{end}"
    if start in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    results.write_text(text)
    print(f"Wrote {results.relative_to(ROOT)}")


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]
