"""``collectstatic`` once per version of the static files (it takes most of a minute), shared by
the tests and benches that start production app servers."""

import hashlib
import secrets
import tempfile
from pathlib import Path

from .apps import ROOT, manage, production_env


def _fingerprint():
    digest = hashlib.sha256()
    for path in sorted((ROOT / "static").rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(ROOT)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def collected_static():
    """A STATIC_ROOT with the manifest production needs, collected only when the files changed."""
    folder = Path(tempfile.gettempdir()) / f"clinic-blog-static-{_fingerprint()}"
    if not (folder / "staticfiles.json").exists():
        env = production_env(
            STATIC_ROOT=str(folder),
            SECRET_KEY=secrets.token_urlsafe(50),
            DATABASE_URL="sqlite:///:memory:",
            SITE_URL="http://127.0.0.1",
        )
        manage(env, "collectstatic", "--noinput")
    return folder
