import pytest


@pytest.fixture
def media_root(settings, tmp_path):
    """A fresh MEDIA_ROOT, so a test can see every file a request left behind."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def stored_files(media_root):
    return lambda: sorted(p.relative_to(media_root).as_posix() for p in media_root.rglob("*") if p.is_file())
