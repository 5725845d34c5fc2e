"""Clinic Blog beyond one machine, on one machine: ``make cluster``.

Starts a PostgreSQL primary and a streaming replica, Redis, an S3 stand-in, two gunicorn app
servers and nginx balancing between them, all on loopback; runs the checks below; prints a table
of what held; stops and removes everything it started.

    .venv/bin/python -m tests.loopback.cluster [--keep]   # --keep: leave it running until Ctrl-C

The same checks run in the test suite (tests/clinic_blog/test_cluster_loopback.py).
"""

import argparse
import io
import re
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field

from .apps import ROOT, AppServer, install_site, manage, production_env
from .http import Visitor
from .postgres import LoopbackCluster
from .services import LoopbackNginx, LoopbackRedis, LoopbackS3Server

POST = "/posts/its-the-iliopsoas-stupid/"
READER, PASSWORD = "riley", "a long reader passphrase"
CLINICIAN, CLINICIAN_PASSWORD = "maya", "a long clinician passphrase"
SECOND_READER = "noor"

CREATE_ACCOUNTS = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from allauth.account.models import EmailAddress
User = get_user_model()
reader = User.objects.create_user({READER!r}, "riley@example.org", {PASSWORD!r})
second = User.objects.create_user({SECOND_READER!r}, "noor@example.org", {PASSWORD!r})
clinician = User.objects.create_user({CLINICIAN!r}, "maya@example.org", {CLINICIAN_PASSWORD!r}, is_staff=True)
clinician.groups.add(Group.objects.get(name="Authors"))
for user in (reader, second, clinician):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
"""


@dataclass
class Check:
    name: str
    held: bool
    detail: str = ""


@dataclass
class Site:
    """Everything ``make cluster`` starts, and how to stop it."""

    database: LoopbackCluster = None
    redis: LoopbackRedis = None
    s3: LoopbackS3Server = None
    apps: list = field(default_factory=list)
    nginx: LoopbackNginx = None
    bucket: str = "clinic-media"

    def start(self, *, log=print):
        self.database = LoopbackCluster()
        primary = self.database.start_primary()
        log(f"PostgreSQL primary on port {primary.port}")
        self.redis = LoopbackRedis().start()
        log(f"Redis on port {self.redis.port}")
        self.s3 = LoopbackS3Server().start()
        self.s3.create_public_bucket(self.bucket)
        log(f"S3 stand-in (moto) on port {self.s3.port}, bucket {self.bucket}")
        ports = [AppServer({}).port for _ in range(2)]
        # The recommended front (deploy/nginx/clinic-blog.conf): balancing and micro-caching.
        self.nginx = LoopbackNginx([f"127.0.0.1:{port}" for port in ports])
        origins = ",".join([self.nginx.url] + [f"http://127.0.0.1:{port}" for port in ports])
        env = production_env(
            DATABASE_URL=primary.url(self.database.database),
            REDIS_URL=self.redis.url,
            SITE_URL=self.nginx.url,
            CSRF_TRUSTED_ORIGINS=origins,
            COMMENTS_MIN_SECONDS=0,
            COMMENTS_HOLD_FIRST_COMMENT=False,
            STATIC_ROOT=self.database.root / "static",
            # The page cache in Redis, and nginx told to fetch changed pages again.
            PAGE_CACHE=True,
            PAGE_CACHE_PURGE="posts.pagecache.purge.NginxRefresh",
            PAGE_CACHE_PURGE_URL=self.nginx.url,
            **self.s3.env(self.bucket),
        )
        install_site(env)
        manage(env, "shell", "-c", CREATE_ACCOUNTS)
        replica = self.database.add_replica()
        self.database.wait_for_replicas()
        log(f"PostgreSQL replica on port {replica.port} (streaming)")
        env["DATABASE_REPLICA_URLS"] = replica.url(self.database.database)
        for port in ports:
            app = AppServer(env)
            app.port, app.url = port, f"http://127.0.0.1:{port}"
            app.env["BIND"] = f"127.0.0.1:{port}"
            self.apps.append(app.start())
            log(f"app server on port {port}")
        self.nginx.start()
        log(f"nginx on port {self.nginx.port}, balancing both app servers")
        self.env = env
        return self

    def stop(self):
        for part in [self.nginx, *self.apps, self.s3, self.redis]:
            if part is not None:
                try:
                    part.stop()
                except Exception as exc:  # stop the rest whatever one part did
                    print(f"stopping {part}: {exc}", file=sys.stderr)
        if self.database is not None:
            self.database.stop()


def _until(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)


# --- The checks ---------------------------------------------------------------------------------


def check_comment_crosses_servers(site):
    one, two = (app.url for app in site.apps)
    writer = Visitor(one)
    writer.log_in(READER, PASSWORD)
    text = f"Seen from the other server? {uuid.uuid4().hex[:8]}"
    sent = writer.comment(POST, text)
    stranger = Visitor(two)
    seen = _until(lambda: text in stranger.get(POST).text)
    return Check("a comment posted through one server is seen through the other", sent.status == 200 and seen)


def check_session_crosses_servers(site):
    one, two = (app.url for app in site.apps)
    reader = Visitor(one)
    reader.log_in(READER, PASSWORD)
    page = reader.at(two).get("/comments/mine/", follow=False)
    return Check("a login session made on one server holds on the other", page.status == 200, f"HTTP {page.status}")


def check_like_crosses_servers(site):
    one, two = (app.url for app in site.apps)
    reader = Visitor(one)
    reader.log_in(READER, PASSWORD)
    before = _likes(Visitor(two).get(POST).text)
    page = reader.get(POST)
    fields = page.form_fields("form.likes__form")
    reader.post(page.soup().select_one("form.likes__form")["action"], fields)
    after = lambda: _likes(Visitor(two).get(POST).text)  # noqa: E731
    held = _until(lambda: after() == before + 1)
    return Check("a like made through one server counts on the other", held, f"{before} → {after()}")


def _likes(html):
    if "One blogger likes this" in html:
        return 1
    found = re.search(r"(\d+) bloggers like this", html)
    return int(found.group(1)) if found else 0


def check_rate_limit_shared(site):
    """Comments are limited per reader (5 a minute): alternating servers must not double it."""
    servers = [app.url for app in site.apps]
    reader = Visitor(servers[0])
    reader.log_in(SECOND_READER, PASSWORD)  # an account with its whole budget left
    # The limits count in fixed one-minute windows: start early in one, so (on a loaded machine) the
    # eight attempts do not straddle two windows and earn a second budget.
    into_window = time.time() % 60
    if into_window > 15:
        time.sleep(60.5 - into_window)
    started = time.time()
    statuses = []
    for n in range(8):
        visitor = reader.at(servers[n % 2])
        statuses.append(visitor.comment(POST, f"Rate check {n} {uuid.uuid4().hex[:6]}").status)
    one_window = int(started // 60) == int(time.time() // 60)
    accepted, limited = statuses.count(200), statuses.count(429)
    return Check(
        "a rate limit holds across both servers (5 comments a minute per reader)",
        (0 < accepted <= 5 and limited >= 3) if one_window else (0 < accepted <= 10 and limited >= 1),
        f"{accepted} accepted, {limited} refused with 429, alternating servers"
        + ("" if one_window else f", across two one-minute windows ({time.time() - started:.0f} s)"),
    )


def check_media_in_object_storage(site):
    upload = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (1200, 800), (40, 110, 100)).save(upload, "JPEG")
    code = (
        "import sys; from django.core.files.base import ContentFile; from posts.media.services import image_create;"
        "image = image_create(file=ContentFile(sys.stdin.buffer.read(), name='cluster.jpg'), alt='A green test card');"
        "print(image.url); print(image.srcset)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=site.env,
        input=upload.getvalue(),
        capture_output=True,
        timeout=120,
    )
    # ``manage.py shell`` may print its automatic imports first: the URLs are the lines that start with http.
    lines = [line for line in result.stdout.decode().split() if line.startswith("http")]
    url = lines[0] if lines else ""
    if not url.startswith(site.s3.endpoint):
        problem = (result.stderr.decode() or result.stdout.decode())[-300:]
        return Check("uploads and renditions go to object storage", False, problem)
    with urllib.request.urlopen(url, timeout=10) as response:
        ok = response.status == 200 and response.headers["Content-Type"].startswith("image/")
    keys = [item["Key"] for item in site.s3.client().list_objects_v2(Bucket=site.bucket).get("Contents", [])]
    held = ok and len(keys) >= 3
    return Check("uploads and renditions go to object storage", held, f"{len(keys)} objects in the bucket")


def check_replica_serves_reads(site):
    """The app servers hold (persistent) connections to the replica's database once readers came by.

    Pages the page cache keeps are rendered from the primary (a lagging replica's page would be kept
    for everyone); pages it does not keep (signed-in readers, other query strings) read from here.
    """
    replica = site.database.replicas[0]
    count = "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'"
    with replica.connect(autocommit=True) as connection:
        before = connection.execute(count, [site.database.database]).fetchone()[0]
    for n in range(10):
        Visitor(site.nginx.url).get(f"{POST}?utm_source=replica-check-{n}")
    with replica.connect(autocommit=True) as connection:
        after = connection.execute(count, [site.database.database]).fetchone()[0]
    return Check(
        "pages the page cache does not keep are read from the replica",
        after > 0,
        f"{before} → {after} app connections there",
    )


def check_nginx_balances(site):
    """Both app servers answer through nginx (each counts the requests it served in its access log)."""
    counts = []
    for app in site.apps:
        counts.append(app.log_path.read_text().count('"GET /healthz?balance'))
    for n in range(20):
        Visitor(site.nginx.url).get(f"/healthz?balance={n}")

    def served():
        logs = [app.log_path.read_text() for app in site.apps]
        return [log.count('"GET /healthz?balance') - before for log, before in zip(logs, counts, strict=True)]

    _until(lambda: sum(served()) == 20, timeout=5)  # access logs reach the file a moment later
    return Check("nginx spreads requests over both app servers", all(served()) and sum(served()) == 20, f"{served()}")


EDIT_TITLE = """
import threading
from posts.models import Post
post = Post.objects.get(slug={slug!r})
post.title = {title!r}
post.save()
# The nginx refresh runs in a thread after the save; a shell must wait for it before it exits.
for thread in threading.enumerate():
    if thread is not threading.main_thread():
        thread.join(30)
"""


def check_page_cache_refreshed_everywhere(site):
    """An edit reaches readers at once through both servers' shared page cache and nginx's cache."""
    slug = POST.strip("/").split("/")[-1]
    urls = [app.url for app in site.apps] + [site.nginx.url]
    for url in urls * 2:  # twice: the second visit of each is served from a cache
        Visitor(url).get(POST)
    cached = [Visitor(app.url).get(POST).headers.get("X-Page-Cache") for app in site.apps]
    proxy = Visitor(site.nginx.url).get(POST).headers.get("X-Proxy-Cache")
    title = f"The iliopsoas, edited {uuid.uuid4().hex[:6]}"
    manage(site.env, "shell", "-c", EDIT_TITLE.format(slug=slug, title=title))
    fresh_apps = all(title in Visitor(app.url).get(POST).text for app in site.apps)
    # nginx answers from its cache (HIT), and that copy is already the edited page: it was refreshed,
    # not left to expire (it would otherwise live PAGE_CACHE_SHARED_MAX_AGE seconds).
    page = Visitor(site.nginx.url).get(POST)
    fresh_proxy = page.headers.get("X-Proxy-Cache") == "HIT" and title in page.text
    return Check(
        "a post edit refreshes the page cache on both servers and in nginx",
        cached == ["hit", "hit"] and proxy == "HIT" and fresh_apps and fresh_proxy,
        f"before: app caches {cached}, nginx {proxy}; after the edit: servers fresh {fresh_apps}, "
        f"nginx {page.headers.get('X-Proxy-Cache')} and fresh {fresh_proxy}",
    )


HELD_COMMENT = """
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from comments.models import Comment
from posts.models import Post
post = Post.objects.get(slug={slug!r})
Comment.objects.create(
    content_type=ContentType.objects.get_for_model(Post), object_pk=str(post.pk), site_id=1, parent_id=0,
    user_name="A passer-by", user_email="passer-by@example.org", comment={text!r},
    submit_date=timezone.now(), state=Comment.State.PENDING, ip_address="192.0.2.10",
)
"""

APPROVE_COMMENT = """
import threading
from comments.models import Comment
from comments.services import comment_approve
comment_approve(comment=Comment.objects.get(comment={text!r}))
for thread in threading.enumerate():  # the nginx refresh, as in EDIT_TITLE
    if thread is not threading.main_thread():
        thread.join(30)
"""


def check_approval_refreshed_everywhere(site):
    """A comment approved on one server shows at once through both servers' page cache and nginx's."""
    slug = POST.strip("/").split("/")[-1]
    text = f"Held for a moderator, then approved {uuid.uuid4().hex[:8]}"
    manage(site.env, "shell", "-c", HELD_COMMENT.format(slug=slug, text=text))  # held: no page changes
    urls = [app.url for app in site.apps] + [site.nginx.url]
    for url in urls * 2:
        Visitor(url).get(POST)
    before = [Visitor(app.url).get(POST) for app in site.apps] + [Visitor(site.nginx.url).get(POST)]
    cached = [page.headers.get("X-Page-Cache") for page in before[:2]] + [before[2].headers.get("X-Proxy-Cache")]
    hidden = not any(text in page.text for page in before)
    manage(site.env, "shell", "-c", APPROVE_COMMENT.format(text=text))  # a moderator's shell, beside server 1
    fresh_apps = all(text in Visitor(app.url).get(POST).text for app in site.apps)
    page = Visitor(site.nginx.url).get(POST)
    fresh_proxy = page.headers.get("X-Proxy-Cache") == "HIT" and text in page.text
    return Check(
        "approving a comment refreshes the page cache on both servers and in nginx",
        cached == ["hit", "hit", "HIT"] and hidden and fresh_apps and fresh_proxy,
        f"before: caches {cached}, held comment hidden {hidden}; after approval: servers show it {fresh_apps}, "
        f"nginx {page.headers.get('X-Proxy-Cache')} and shows it {fresh_proxy}",
    )


CHECKS = [
    check_comment_crosses_servers,
    check_session_crosses_servers,
    check_like_crosses_servers,
    check_media_in_object_storage,
    check_replica_serves_reads,
    check_nginx_balances,
    check_page_cache_refreshed_everywhere,
    check_approval_refreshed_everywhere,
    check_rate_limit_shared,  # last: it spends this address's comment budget
]


def throughput(url, *, seconds=10, connections=16, cookie=""):
    """Requests per second for ``url`` (wrk when installed, else a threaded Python client)."""
    import shutil

    if shutil.which("wrk"):
        headers = ["-H", f"Cookie: {cookie}"] if cookie else []
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", *headers, url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    done, stop = [], time.monotonic() + seconds

    def worker():
        while time.monotonic() < stop:
            request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
            done.append(1)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(done) / seconds


def run_checks(site):
    results = []
    for check in CHECKS:
        try:
            results.append(check(site))
        except Exception as exc:  # a check that crashes did not hold; say why and go on
            results.append(Check(check.__doc__ or check.__name__, False, f"{type(exc).__name__}: {exc}"[:300]))
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="leave everything running until Ctrl-C")
    parser.add_argument("--seconds", type=int, default=10, help="length of each throughput run")
    args = parser.parse_args(argv)
    site = Site()
    try:
        site.start()
        results = run_checks(site)
        seconds = args.seconds
        cached_one = throughput(site.apps[0].url + POST, seconds=seconds)
        cached_front = throughput(site.nginx.url + POST, seconds=seconds)
        # A signed-in reader passes both caches: the app servers' own capacity.
        reader = Visitor(site.apps[0].url)
        reader.log_in(READER, PASSWORD)
        cookie = f"sessionid={reader.cookie('sessionid')}"
        one = throughput(site.apps[0].url + POST, seconds=seconds, cookie=cookie)
        both = throughput(site.nginx.url + POST, seconds=seconds, cookie=cookie)
        print("\n| check | held | detail |\n|---|---|---|")
        for result in results:
            print(f"| {result.name} | {'yes' if result.held else 'NO'} | {result.detail} |")
        cores = __import__("os").cpu_count()
        print(
            f"\nThe post page, wrk -t2 -c16 -d{seconds}s, on {cores} cores shared by everything above:\n"
            f"- anonymous, from the app's page cache: one app server {cached_one:.0f} req/s; "
            f"through nginx's cache {cached_front:.0f} req/s\n"
            f"- a signed-in reader (no cache): one app server {one:.0f} req/s; "
            f"two behind nginx {both:.0f} req/s ({both / one:.2f}×)"
        )
        if args.keep:
            print(f"\nRunning: {site.nginx.url}/ — Ctrl-C stops everything.")
            while True:
                time.sleep(3600)
        return 0 if all(result.held for result in results) else 1
    except KeyboardInterrupt:
        return 130
    finally:
        site.stop()


if __name__ == "__main__":
    sys.exit(main())
