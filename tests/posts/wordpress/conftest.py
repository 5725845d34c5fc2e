import io
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import role_group
from tests.posts.media.hostile import jpeg_with_gps

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "wordpress"
SITE = FIXTURES / "site.xml"


@pytest.fixture
def media_root(settings, tmp_path):
    """A fresh MEDIA_ROOT, so a test sees every file the import stored (or left behind)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def stored_files(media_root):
    return lambda: sorted(p.relative_to(media_root).as_posix() for p in media_root.rglob("*") if p.is_file())


@pytest.fixture
def uploads(tmp_path):
    """The old site's wp-content/uploads: the diagram is there (a camera JPEG with GPS), the runner is not."""
    folder = tmp_path / "uploads"
    (folder / "2016" / "05").mkdir(parents=True)
    (folder / "2016" / "05" / "psoas-diagram.jpg").write_bytes(jpeg_with_gps(width=640, height=427, orientation=1))
    return folder


@pytest.fixture
def run_import(db, media_root):
    """run_import(*args) → the command's output; the arguments follow ``import_wordpress``."""
    role_group("Authors")

    def run(*args, path=SITE):
        out = io.StringIO()
        call_command("import_wordpress", str(path), *args, stdout=out, stderr=io.StringIO())
        return out.getvalue()

    return run
