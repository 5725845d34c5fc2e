"""Redis, an S3 stand-in and nginx on loopback: started by the caller, stopped and removed by ``stop()``.

Debian's packages (``redis-server``, ``nginx``) and moto's S3 server from PyPI; nothing listens
beyond 127.0.0.1 and every file lives in a temporary folder.
"""

import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path

from .postgres import free_port
from .s3 import client_for, create_public_bucket, media_env

FRONT_CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "clinic-blog.conf"


def _wait_for_http(url, process, timeout=20, accept=(200, 403, 404)):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status in accept:
                    return
        except urllib.error.HTTPError as error:
            if error.code in accept:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer (exit code {process.poll()})")
        time.sleep(0.2)


class LoopbackRedis:
    """Its own redis-server on a free port, keeping nothing on disk."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    @staticmethod
    def available():
        return shutil.which("redis-server") is not None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=self.port, socket_timeout=1).ping()
                return self
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # a paused server could not act on the next one
            self.process.terminate()
            self.process.wait(timeout=10)

    def pause(self):
        """Stop answering but keep the data, as behind a broken network (connections time out)."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)


class LoopbackS3Server:
    """moto's S3 server in its own process (app servers in other processes reach it over HTTP)."""

    def __init__(self):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_http(self.endpoint + "/", self.process)
        return self

    def create_public_bucket(self, name):
        return create_public_bucket(self.endpoint, name)

    def client(self):
        return client_for(self.endpoint)

    def env(self, bucket):
        return media_env(self.endpoint, bucket)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class LoopbackNginx:
    """Debian's nginx running the recommended front (deploy/nginx/clinic-blog.conf: balancing and
    micro-caching) in front of several app servers. Logs, cache and temporary files stay in the
    instance's own folder."""

    def __init__(self, upstreams, media_root=None):
        self.root = Path(tempfile.mkdtemp(prefix="clinic-blog-nginx-"))
        self.root.chmod(0o755)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.upstreams = upstreams
        self.media_root = Path(media_root) if media_root else self.root / "media"
        self.process = None

    @staticmethod
    def available():
        return shutil.which("nginx") is not None or Path("/usr/sbin/nginx").exists()

    def front_site(self):
        """deploy/nginx/clinic-blog.conf with only its upstream, port, cache and media folders replaced."""
        site = FRONT_CONF.read_text()
        replacements = {
            "server 127.0.0.1:8000;  # bench: app": " ".join(f"server {address};" for address in self.upstreams),
            "/var/cache/nginx/clinic-blog ": f"{self.root}/cache ",
            "listen 80;  # bench: listen": f"listen 127.0.0.1:{self.port};",
            "alias /srv/clinic-blog/media/;": f"alias {self.media_root}/;",
        }
        for old, new in replacements.items():
            assert old in site, f"deploy/nginx/clinic-blog.conf no longer has {old!r}"
            site = site.replace(old, new)
        return site

    def config(self):
        return textwrap.dedent(
            f"""\
            worker_processes 2;
            pid {self.root}/nginx.pid;
            error_log {self.root}/error.log warn;
            events {{ worker_connections 1024; }}
            http {{
              access_log off;
              include /etc/nginx/mime.types;  # as Debian's nginx.conf does, for /media/
              client_body_temp_path {self.root}/body;
              proxy_temp_path {self.root}/proxy;
              fastcgi_temp_path {self.root}/fastcgi;
              uwsgi_temp_path {self.root}/uwsgi;
              scgi_temp_path {self.root}/scgi;
              include {self.root}/clinic-blog.conf;
            }}
            """
        )

    def start(self):
        conf = self.root / "nginx.conf"
        (self.root / "clinic-blog.conf").write_text(self.front_site())
        conf.write_text(self.config())
        self.process = subprocess.Popen(
            ["nginx", "-c", str(conf), "-p", str(self.root), "-g", "daemon off; user root;"],
            stdout=subprocess.DEVNULL,
            stderr=open(self.root / "stderr.log", "w"),  # noqa: SIM115 (the child keeps it open)
        )
        _wait_for_http(self.url + "/healthz", self.process)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)
