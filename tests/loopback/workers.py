"""Background workers (``manage.py worker``) and an SMTP sink on loopback, for tests and benches."""

import asyncio
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller

from .apps import PYTHON, ROOT
from .postgres import free_port


def database_url(settings_dict):
    """A DATABASE_URL for the database Django is using now (in a test: the test database)."""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{settings_dict['USER']}{password}@{host}:{port}/{settings_dict['NAME']}"


class SmtpSink:
    """A mail server on loopback that keeps every message it accepts (``messages``: (rcpt, text))."""

    def __init__(self, delay=0.0):
        self.port = free_port()
        self.delay = delay  # seconds each message takes, like a slow mail server
        self.messages = []
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        if self.delay:
            await asyncio.sleep(self.delay)
        with self._lock:
            self.messages.append((list(envelope.rcpt_tos), envelope.content.decode(errors="replace")))
        return "250 OK"

    @property
    def email_url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def start(self):
        self._controller.start()
        return self

    def stop(self):
        self._controller.stop()

    def wait_for(self, count, timeout=60):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.2)
        return len(self.messages)


class Worker:
    """``manage.py worker`` (django-q2's cluster) in its own process, configured by ``env``."""

    def __init__(self, env, name="worker"):
        self.env = {"TASK_WORKERS": "1", **env}
        self.process = None
        self.log_path = Path(env.get("APP_LOG_DIR", "/tmp")) / f"clinic-blog-{name}-{free_port()}.log"

    def start(self):
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [PYTHON, "manage.py", "worker"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: a crash can take down all its processes
            )
        return self

    def log(self):
        return self.log_path.read_text(errors="replace")

    def kill(self):
        """As a crash would: no chance to finish or acknowledge anything."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
