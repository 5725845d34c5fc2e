"""The SQLite fallback (what `make run` uses): FTS5 with the trigram tokenizer, difflib for misspellings.

These tests need an SQLite database. On PostgreSQL, ``tests/posts/search/test_sqlite_fallback.py``
runs this module again in a pytest of its own with ``DATABASE_URL=sqlite://…``, so ``make test``
covers both backends.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection

from posts.models import Post
from posts.search.backends import SqliteSearch, search_backend
from posts.search.schema import FTS_TABLE
from posts.search.text import parse_query
from tests.factories import PostFactory

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite fallback")

FIRST = {
    "psoas": "/anatomy/iliopsoas/",
    "soas": "/anatomy/iliopsoas/",
    "so-as": "/anatomy/iliopsoas/",
    "illiopsoas": "/anatomy/iliopsoas/",
    "iliopsoas": "/anatomy/iliopsoas/",
    "hip flexor": "/anatomy/iliopsoas/",
    "hip flexors": "/anatomy/iliopsoas/",
    "pigeon": "/exercises/pigeon/",
    "snapping hip": "/conditions/snapping-hip/",
    "sitting at work": "/posts/sitting-less-at-work/",
}


def test_the_backend_is_the_sqlite_one():
    assert isinstance(search_backend(), SqliteSearch)


@pytest.mark.parametrize("text, url", FIRST.items())
def test_the_right_page_comes_first(demo, client, text, url):
    page = BeautifulSoup(client.get("/search/", {"q": text}).content, "html.parser")
    assert page.select_one(".search-result__title a")["href"] == url


def test_soas_finds_psoas_inside_words_through_the_trigram_tokenizer(demo):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", ['"soas"'])
        assert cursor.fetchone()[0] >= 5  # psoas, iliopsoas, psoas major, …


def test_the_fts_table_follows_saves_and_deletes(db, clinician):
    post = PostFactory(title="Adductor strains", author=clinician)
    assert [hit.entry.title for hit in search_backend().find(parse_query("adductor")).hits] == ["Adductor strains"]
    post.title = "Xiphoid strains"
    post.save()
    assert search_backend().find(parse_query("adductor")).hits == []
    assert search_backend().find(parse_query("xiphoid")).total == 1
    post.delete()
    assert search_backend().find(parse_query("xiphoid")).hits == []


def test_triggers_exist_and_a_rebuild_restores_them(db, clinician):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{FTS_TABLE}%"])
        assert len(cursor.fetchall()) == 3
        cursor.execute(f"DROP TRIGGER {FTS_TABLE}_insert")
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    PostFactory(title="Adductor strains", author=clinician)
    assert search_backend().find(parse_query("adductor")).total == 1


def test_drafts_never_appear(demo, client, clinician):
    PostFactory(title="Psoas secrets", status=Post.Status.DRAFT, author=clinician)
    assert "Psoas secrets" not in client.get("/search/", {"q": "psoas secrets"}).content.decode()


def test_did_you_mean_and_suggestions(demo, client):
    page = BeautifulSoup(client.get("/search/", {"q": "illiopsoas"}).content, "html.parser")
    assert page.select_one(".did-you-mean a").get_text() == "iliopsoas"
    assert client.get("/search/suggest/", {"q": "soas"}).json()["suggestions"][0]["label"] == "Iliopsoas"


@pytest.mark.parametrize(
    "text, title",
    [("soas", "Iliop<mark>soas</mark>"), ("so-as", "Iliop<mark>soas</mark>"), ("illiopsoas", "<mark>Iliopsoas</mark>")],
)
def test_near_matches_are_marked_in_the_title_too(demo, client, text, title):
    first = BeautifulSoup(client.get("/search/", {"q": text}).content, "html.parser").select_one(
        ".search-result__title a"
    )
    assert first["href"] == "/anatomy/iliopsoas/"
    assert first.decode_contents() == title


@pytest.mark.parametrize(
    "text",
    [
        "",
        "x" * 201,
        "?!",
        "'; DROP TABLE x; --",
        '"',
        "\x00",
        "💪",
        "AND OR NOT NEAR(",
        "<script>",
        '"&amp;',
        "𝔭𝔰𝔬𝔞𝔰",
        "🦴soas🦴",
        "soas" * 49,
    ],
)
def test_hostile_queries_get_a_page(demo, client, text):
    response = client.get("/search/", {"q": text})
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "<script>alert" not in html and not re.search(r"&[#\w]*<mark>", html)
    assert client.get("/search/suggest/", {"q": text}).status_code in (200, 400)


def test_query_count(demo, client, django_assert_max_num_queries):
    client.get("/")
    # The FTS match, the names (for difflib), the entries, the tally.
    with django_assert_max_num_queries(4):
        assert client.get("/search/", {"q": "psoas"}).status_code == 200
