"""The parser streams: memory follows one post, not the file."""

import tracemalloc

from posts.wordpress.parser import Author, Item, Site, Term, read_wxr
from tests.posts.wordpress.conftest import SITE
from tests.posts.wordpress.generate import write_export


def test_reads_the_parts_in_file_order():
    parts = list(read_wxr(SITE))
    assert isinstance(parts[0], Site)
    assert (parts[0].wxr_version, parts[0].base_site_url) == ("1.2", "https://old-clinic.example")
    assert [a.login for a in parts if isinstance(a, Author)] == ["maya", "tomas"]
    assert [t.slug for t in parts if isinstance(t, Term)] == [
        "deep-hip-muscles",
        "hip",
        "anatomy",
        "running",
        "psoas",
        "desk-work",
    ]
    items = [i for i in parts if isinstance(i, Item)]
    assert [i.wp_id for i in items] == [30, 31, 32, 100, 101, 102, 103, 104, 200, 201, 300]
    post = items[3]
    assert post.meta["_thumbnail_id"] == "30"
    assert [c.wp_id for c in post.comments] == [502, 500, 501, 503, 504, 505, 506, 507, 508]
    assert post.comments[2].user_id == 2 and post.comments[0].parent == 501
    assert items[5].date_gmt is None  # a draft's "0000-00-00 00:00:00"


def test_memory_stays_bounded_on_a_large_export(tmp_path):
    """A 3,000-post export (about 11 MB) is read with a peak far below the file's size,
    because each element is cleared and dropped once handled."""
    path = tmp_path / "large.xml"
    size = write_export(path, posts=3000, comments_per_post=3, paragraphs=4)
    assert size > 8_000_000
    seen = 0
    tracemalloc.start()
    try:
        for part in read_wxr(path):
            seen += isinstance(part, Item)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == 3000
    assert peak < size / 8, f"peak {peak} bytes for a {size}-byte file"
