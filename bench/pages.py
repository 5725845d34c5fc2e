"""Home page and post pages under load, uncached, app-cached and nginx-cached, against the machine's ceiling.

    make bench        (or .venv/bin/python bench/pages.py [--duration 20] [--warmup 5] [--rounds 2])

The method of issue 12, so the figures compare with the table there: a scratch PostgreSQL
database (``clinic_blog_bench_pages``) with the bench content of bench/post_page.py (P3: an
875-word post with 3 comments; P300: 300 threaded comments, all on the page; HOME: the 10
latest of 50 posts); gunicorn with gunicorn.conf.py and WEB_CONCURRENCY=2, DEBUG=False,
persistent connections; ``wrk -t2 -c16 -d20s --latency`` after a 5 s warm-up, two alternating
rounds, medians. In the same run Debian's nginx serves the same pages' HTML saved as static
files: the machine's ceiling. Measured:

- uncached: PAGE_CACHE off (no page or fragment cache);
- app-cached: PAGE_CACHE on with its own redis-server, no proxy;
- nginx-cached: deploy/nginx/clinic-blog.conf (micro-caching) in front of the app-cached server;
- logged in: P3 for a signed-in reader (session cookie) on the uncached server.

Writes the table, with ratios to the ceiling, into bench/results.md between the pages-bench
markers. Needs wrk, nginx and redis-server (Debian packages). Not part of CI.
"""

import argparse
import datetime
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from post_page import SETUP  # noqa: E402

from tests.loopback.postgres import free_port  # noqa: E402
from tests.loopback.services import LoopbackRedis  # noqa: E402

PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results.md"
NGINX_SITE = ROOT / "deploy" / "nginx" / "clinic-blog.conf"
START, END = "<!-- pages-bench:start -->", "<!-- pages-bench:end -->"
OLD_START, OLD_END = "<!-- comment-bench:start -->", "<!-- comment-bench:end -->"
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_URL = os.environ.get("BENCH_PAGES_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/clinic_blog_bench_pages")
PAGES = {"P3": "/posts/bench-3-comments/", "P300": "/posts/bench-300-comments/", "HOME": "/"}
SESSION = r"""
from django.contrib.auth import get_user_model
from django.test import Client
reader, _ = get_user_model().objects.get_or_create(username="bench-signed-in", defaults={"first_name": "Rosa"})
client = Client()
client.force_login(reader)
print("SESSION=" + client.cookies["sessionid"].value)
"""
# The targets, as fractions of the ceiling (and the logged-in bound as a cost ratio).
TARGETS = {
    ("uncached", "P3"): 0.009,
    ("uncached", "HOME"): 0.009,
    ("uncached", "P300"): 0.023,
    ("app-cached", "P3"): 0.05,
    ("app-cached", "HOME"): 0.05,
    ("nginx-cached", "P3"): 0.5,
    ("nginx-cached", "HOME"): 0.5,
}


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)


def recreate_database():
    import psycopg

    name = PG_URL.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN.replace("postgres://", "postgresql://"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def wait_until_up(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer")


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), dict(response.headers)


def wrk(url, duration, headers=()):
    command = ["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout

    def percentile(p):
        value, unit = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": percentile(50),
        "p99": percentile(99),
        "errors": errors,
    }


class App:
    """gunicorn with the repository's gunicorn.conf.py and WEB_CONCURRENCY=2, access log off."""

    def __init__(self, env, scratch, name):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**env, "WEB_CONCURRENCY": "2", "SITE_URL": self.url, "CSRF_TRUSTED_ORIGINS": self.url}
        self.log = open(scratch / f"{name}.log", "w")  # noqa: SIM115 (the child keeps it)
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "clinic_blog.wsgi", "-c", "gunicorn.conf.py",
             "--bind", f"127.0.0.1:{self.port}", "--access-logfile", "/dev/null"],
            env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.log.close()


class Nginx:
    """Debian's nginx: the static ceiling on one port, deploy/nginx/clinic-blog.conf on another."""

    def __init__(self, scratch, html_root, app_address):
        self.root = scratch / "nginx"
        self.root.mkdir()
        self.static_port, self.proxy_port = free_port(), free_port()
        site = NGINX_SITE.read_text()
        replacements = {
            "server 127.0.0.1:8000;  # bench: app": f"server {app_address};",
            "/var/cache/nginx/clinic-blog ": f"{self.root}/cache ",
            "listen 80;  # bench: listen": f"listen 127.0.0.1:{self.proxy_port};",
            "alias /srv/clinic-blog/media/;": f"alias {self.root}/media/;",
        }
        for old, new in replacements.items():
            assert old in site, f"deploy/nginx/clinic-blog.conf no longer has {old!r}"
            site = site.replace(old, new)
        (self.root / "clinic-blog.conf").write_text(site)
        (self.root / "nginx.conf").write_text(
            textwrap.dedent(f"""\
            worker_processes auto;
            pid {self.root}/nginx.pid;
            error_log {self.root}/error.log warn;
            events {{ worker_connections 1024; }}
            http {{
              access_log off;
              include /etc/nginx/mime.types;
              sendfile on;
              tcp_nopush on;
              keepalive_requests 100000;
              client_body_temp_path {self.root}/body;
              proxy_temp_path {self.root}/proxy;
              fastcgi_temp_path {self.root}/fastcgi;
              uwsgi_temp_path {self.root}/uwsgi;
              scgi_temp_path {self.root}/scgi;
              server {{
                listen 127.0.0.1:{self.static_port};
                root {html_root};
                index index.html;
              }}
              include {self.root}/clinic-blog.conf;
            }}
            """)
        )
        self.process = subprocess.Popen(
            ["nginx", "-c", str(self.root / "nginx.conf"), "-p", str(self.root), "-g", "daemon off; user root;"],
            stdout=subprocess.DEVNULL,
            stderr=open(self.root / "stderr.log", "w"),  # noqa: SIM115
        )
        self.static_url = f"http://127.0.0.1:{self.static_port}"
        self.proxy_url = f"http://127.0.0.1:{self.proxy_port}"

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="print the table, leave bench/results.md alone")
    args = parser.parse_args()
    for tool in ("wrk", "nginx", "redis-server"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is needed (Debian: apt-get install wrk nginx redis-server)")

    scratch = Path(tempfile.mkdtemp(prefix="clinic-bench-pages-"))
    scratch.chmod(0o755)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_URL", "REDIS_URL", "PAGE_CACHE", "PYTEST"))
    }
    env.update(
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(60),
        DATABASE_URL=PG_URL,
        CONN_MAX_AGE="600",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="http://127.0.0.1",  # required with DEBUG=False; the servers' ports differ
        SECURE_SSL_REDIRECT="False",
        SESSION_COOKIE_SECURE="False",
        CSRF_COOKIE_SECURE="False",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(scratch / "static"),
        MEDIA_ROOT=str(scratch / "media"),
        LOG_LEVEL="WARNING",
        EMAIL_URL="dummymail://",
        PAGE_CACHE="False",
    )
    print("Preparing the database and static files...")
    recreate_database()
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "shell", "-c", SETUP], env, stdout=subprocess.DEVNULL)
    session_out = run([PYTHON, "manage.py", "shell", "-c", SESSION], env, capture_output=True, text=True).stdout
    session = re.search(r"SESSION=(\w+)", session_out).group(1)

    redis = LoopbackRedis().start()
    cached_env = {**env, "REDIS_URL": redis.url, "PAGE_CACHE": "True"}
    servers = {"uncached": App(env, scratch, "uncached"), "app-cached": App(cached_env, scratch, "cached")}
    nginx = None
    load_before = os.getloadavg()
    try:
        for server in servers.values():
            wait_until_up(server.url + "/healthz")
        html_root = scratch / "html"
        for name, path in PAGES.items():
            page, _ = fetch(servers["uncached"].url + path)
            if name != "HOME":
                assert page.decode().count('class="comment-item') == int(name[1:]), "not every comment is on the page"
            target = html_root / path.lstrip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page)
        nginx = Nginx(scratch, html_root, f"127.0.0.1:{servers['app-cached'].port}")
        wait_until_up(nginx.static_url + "/")
        wait_until_up(nginx.proxy_url + "/healthz")

        targets = {}
        for name, path in PAGES.items():
            targets[("ceiling", name)] = (nginx.static_url + path, ())
            targets[("uncached", name)] = (servers["uncached"].url + path, ())
            targets[("app-cached", name)] = (servers["app-cached"].url + path, ())
            targets[("nginx-cached", name)] = (nginx.proxy_url + path, ())
        targets[("logged in", "P3")] = (servers["uncached"].url + PAGES["P3"], (f"Cookie: sessionid={session}",))

        # The caches answer what they should, and the signed-in reader sees their own page.
        _, headers = fetch(servers["app-cached"].url + PAGES["P3"])
        _, headers = fetch(servers["app-cached"].url + PAGES["P3"])
        assert headers.get("X-Page-Cache") == "hit", headers
        fetch(nginx.proxy_url + PAGES["P3"])
        _, headers = fetch(nginx.proxy_url + PAGES["P3"])
        assert headers.get("X-Proxy-Cache") == "HIT", headers
        page, headers = fetch(targets[("logged in", "P3")][0], {"Cookie": f"sessionid={session}"})
        assert "Rosa" in page.decode() and "X-Page-Cache" not in headers, "the session did not sign the reader in"

        print(f"Warming up {len(targets)} targets for {args.warmup} s each...")
        for url, headers in targets.values():
            wrk(url, args.warmup, headers)
        runs = {key: [] for key in targets}
        for round_number in range(args.rounds):
            for key, (url, headers) in targets.items():
                runs[key].append(wrk(url, args.duration, headers))
                print(round_number + 1, *key, runs[key][-1])
    finally:
        if nginx:
            nginx.stop()
        for server in servers.values():
            server.stop()
        redis.stop()
    load_after = os.getloadavg()

    results = {
        key: {
            "rps": statistics.median(r["rps"] for r in values),
            "p50": statistics.median(r["p50"] for r in values),
            "p99": statistics.median(r["p99"] for r in values),
            "errors": sum(r["errors"] for r in values),
        }
        for key, values in runs.items()
    }
    shutil.rmtree(scratch, ignore_errors=True)
    section = render(results, args, load_before, load_after)
    print(section)
    if not args.no_write:
        write(section)
        print(f"Wrote {RESULTS.relative_to(ROOT)}")


def render(results, args, load_before, load_after):
    rows = []
    for system in ("ceiling", "uncached", "app-cached", "nginx-cached", "logged in"):
        for page in PAGES:
            if (system, page) not in results:
                continue
            r = results[(system, page)]
            ratio = r["rps"] / results[("ceiling", page)]["rps"]
            target = TARGETS.get((system, page))
            verdict = ""
            if target is not None:
                verdict = f"≥ {target:.1%}: " + ("met" if ratio >= target else "**not met**")
            if system == "logged in":
                cost = results[("uncached", page)]["rps"] / r["rps"]
                verdict = f"{cost:.2f}× the anonymous uncached cost (≤ 1.3×: {'met' if cost <= 1.3 else '**not met**'})"
            if system in ("uncached", "logged in") and page in ("P3", "HOME"):
                verdict += f"; p99 < 100 ms: {'met' if r['p99'] < 100 else '**not met**'}"
            rows.append(
                f"| {system} | {page} | {r['rps']:,.0f} | {ratio:.2%} | {r['p50']:.1f} ms | {r['p99']:.1f} ms "
                f"| {r['errors']} | {verdict} |"
            )
    table = "\n".join(rows)
    return f"""{START}
## Home page and post pages: uncached, cached, and the machine's ceiling (bench/pages.py)

{datetime.date.today().isoformat()}, {os.cpu_count()} CPU cores shared with other work (load average
{load_before[0]:.2f} before the run, {load_after[0]:.2f} after: other engineers' test runs share the
machine, so absolute figures are low and the ratios are what compares), PostgreSQL 15 on loopback, gunicorn
with 2 sync workers, DEBUG=False, persistent connections; `wrk -t2 -c16 -d{args.duration}s --latency`
after a {args.warmup} s warm-up per target, {args.rounds} alternating rounds, medians. Ceiling: Debian's
nginx serving the same pages' HTML as static files in the same run. app-cached: the page cache with
its own redis-server, no proxy; nginx-cached: deploy/nginx/clinic-blog.conf in front of it; logged in:
a signed-in reader's session cookie on the uncached server. P3: an 875-word post with 3 comments;
P300: 300 threaded comments, all on the page; HOME: the 10 latest of 50 posts.

| system | page | requests/s | of the ceiling | p50 | p99 | errors | target (issue 12) |
|---|---|---|---|---|---|---|---|
{table}
{END}"""


def write(section):
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    # This table replaces bench/post_page.py's absolute requests/s bars.
    text = re.sub(re.escape(OLD_START) + ".*?" + re.escape(OLD_END) + "\n*", "", text, flags=re.S)
    if START in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: section, text, flags=re.S)
    else:
        text = text.replace("# Benchmark results\n", "# Benchmark results\n\n" + section + "\n", 1)
    RESULTS.write_text(text)


if __name__ == "__main__":
    main()
