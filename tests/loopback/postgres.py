"""A throwaway PostgreSQL primary and streaming replicas on loopback, started and removed by the caller.

Used by the replica tests and by ``make cluster``. The clusters live in a temporary folder owned
by the ``postgres`` user (PostgreSQL refuses to run as root), listen on 127.0.0.1 only, and are
stopped and deleted by ``stop()``.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg


def pg_bin():
    """The PostgreSQL server binaries (Debian keeps them outside PATH)."""
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "initdb").exists():
            return folder
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port():
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(command):
    """Run a server command as the postgres user when we are root (as CI is)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _run(command, **kwargs):
    result = subprocess.run(_as_postgres([str(part) for part in command]), capture_output=True, text=True, **kwargs)
    if result.returncode:
        raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{result.stdout}\n{result.stderr}")
    return result


class Server:
    def __init__(self, data_dir, port, socket_dir):
        self.data_dir, self.port, self.socket_dir = data_dir, port, socket_dir

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database="postgres", **kwargs):
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database, **kwargs)

    def start(self):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.socket_dir}"
        _run(
            [pg_bin() / "pg_ctl", "-D", self.data_dir, "-o", options, "-l", self.data_dir / "server.log", "-w", "start"]
        )

    def stop(self, mode="fast"):
        with contextlib.suppress(RuntimeError):
            _run([pg_bin() / "pg_ctl", "-D", self.data_dir, "-m", mode, "-w", "stop"])

    def wait_until_ready(self, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            try:
                with self.connect(connect_timeout=2):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


class LoopbackCluster:
    """A primary on one free port and ``replicas`` streaming standbys (``pg_basebackup -R``) on others."""

    def __init__(self, database="clinic_blog"):
        self.database = database
        self.root = Path(tempfile.mkdtemp(prefix="clinic-blog-pg-"))
        self.primary = None
        self.replicas = []

    @staticmethod
    def available():
        return pg_bin() is not None and (os.geteuid() != 0 or shutil.which("runuser") is not None)

    def _folder(self, name):
        path = self.root / name
        path.mkdir(mode=0o700)
        if os.geteuid() == 0:
            shutil.chown(path, "postgres", "postgres")
        return path

    def start_primary(self):
        os.chmod(self.root, 0o755)
        sockets = self._folder("sockets")
        data = self._folder("primary")
        _run([pg_bin() / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"])
        with open(data / "postgresql.conf", "a") as conf:
            conf.write("wal_level = replica\nmax_wal_senders = 8\nhot_standby = on\nfsync = off\n")
        self.primary = Server(data, free_port(), sockets)
        self.primary.start()
        self.primary.wait_until_ready()
        with self.primary.connect(autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')
        return self.primary

    def add_replica(self):
        number = len(self.replicas) + 1
        data = self._folder(f"replica{number}")
        _run(
            [
                pg_bin() / "pg_basebackup",
                "-h", "127.0.0.1", "-p", self.primary.port, "-U", "postgres",
                "-D", data, "-R", "-X", "stream", "--checkpoint=fast",
            ]
        )  # fmt: skip
        replica = Server(data, free_port(), self.primary.socket_dir)
        replica.start()
        replica.wait_until_ready()
        self.replicas.append(replica)
        return replica

    def wait_for_replicas(self, timeout=30):
        """Until every replica has replayed everything the primary has written so far."""
        with self.primary.connect(autocommit=True) as connection:
            target = connection.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        deadline = time.monotonic() + timeout
        for replica in self.replicas:
            with replica.connect(autocommit=True) as connection:
                while not connection.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]).fetchone()[0]:
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"replica on port {replica.port} did not catch up")
                    time.sleep(0.1)

    def pause_replay(self, replica):
        with replica.connect(autocommit=True) as connection:
            connection.execute("SELECT pg_wal_replay_pause()")

    def resume_replay(self, replica):
        with replica.connect(autocommit=True) as connection:
            connection.execute("SELECT pg_wal_replay_resume()")

    def stop(self):
        for server in [*self.replicas, self.primary]:
            if server is not None:
                server.stop(mode="immediate")
        shutil.rmtree(self.root, ignore_errors=True)
