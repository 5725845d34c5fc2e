"""Clinic Blog app servers (gunicorn) on loopback, configured only through environment variables."""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .postgres import free_port

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def production_env(**overrides):
    """What an operator sets for production, over plain HTTP on loopback."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_URL", "REDIS_URL", "PYTEST"))
    }
    env.update(
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="False",
        SESSION_COOKIE_SECURE="False",
        CSRF_COOKIE_SECURE="False",
        SECURE_HSTS_SECONDS="0",
        EMAIL_URL="consolemail://",
        LOG_LEVEL="WARNING",
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def manage(env, *args):
    env = {"SITE_URL": "http://127.0.0.1", **env}  # production settings refuse to start without one
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def install_site(env):
    """What an operator runs before starting app servers: migrate, collectstatic, the demo content."""
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_demo")


class AppServer:
    """``gunicorn clinic_blog.wsgi`` with the repository's gunicorn.conf.py, on a free port."""

    def __init__(self, env, workers=2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {"SITE_URL": self.url, **env, "BIND": f"127.0.0.1:{self.port}", "WEB_CONCURRENCY": str(workers)}
        self.env.setdefault("CSRF_TRUSTED_ORIGINS", self.url)
        self.process = None
        self.log_path = Path(env.get("APP_LOG_DIR", "/tmp")) / f"clinic-blog-app-{self.port}.log"

    def start(self, timeout=60):
        with open(self.log_path, "w") as log:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(
                [PYTHON, "-m", "gunicorn", "clinic_blog.wsgi", "--access-logfile", "-"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while True:
            if self.healthy():
                return self
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"app server did not start: {self.log_path.read_text()[-3000:]}")
            time.sleep(0.2)

    def healthy(self):
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    @contextlib.contextmanager
    def one_worker_held(self, settle=0.3):
        """Keep one sync worker busy, so the next request is answered by another one.

        A connection that sends nothing is accepted by one worker, which then waits for its request;
        gunicorn's accept queue is first in, first out, so every request made meanwhile goes to the
        other workers. On a loaded machine the same worker can otherwise win every accept race.
        """
        with socket.create_connection(("127.0.0.1", self.port), timeout=5):
            time.sleep(settle)
            yield

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
