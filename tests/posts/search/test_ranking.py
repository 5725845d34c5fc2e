"""The reader's words, misspelt or not, put the right thing first (demo content, PostgreSQL)."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection

from posts.search.backends import search_backend
from posts.search.text import parse_query

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL search")

# query -> the address that must come first
FIRST = {
    "psoas": "/anatomy/iliopsoas/",
    "soas": "/anatomy/iliopsoas/",
    "so-as": "/anatomy/iliopsoas/",
    "illiopsoas": "/anatomy/iliopsoas/",
    "iliopsoas": "/anatomy/iliopsoas/",
    "Iliopsoas": "/anatomy/iliopsoas/",
    "hip flexor": "/anatomy/iliopsoas/",
    "hip flexors": "/anatomy/iliopsoas/",
    "pigeon": "/exercises/pigeon/",
    "snapping hip": "/conditions/snapping-hip/",
    "coxa saltans": "/conditions/snapping-hip/",
    "psoas major": "/anatomy/psoas-major/",
    "sitting at work": "/posts/sitting-less-at-work/",
    "warm up before stretching": "/posts/warm-up-before-you-stretch/",
}


@pytest.mark.parametrize("text, url", FIRST.items())
def test_the_right_page_comes_first(demo, text, url):
    found = search_backend().find(parse_query(text))
    assert found.hits, f"nothing found for {text!r}"
    assert found.hits[0].entry.get_absolute_url() == url, [hit.entry.title for hit in found.hits]


@pytest.mark.parametrize("text, url", FIRST.items())
def test_the_search_page_shows_it_first(demo, client, text, url):
    page = BeautifulSoup(client.get("/search/", {"q": text}).content, "html.parser")
    assert page.select_one(".search-result__title a")["href"] == url


def test_aliases_are_synonyms(demo):
    """ "coxa saltans" is another name for snapping hip; "thigh bone" for the femur."""
    assert search_backend().find(parse_query("thigh bone")).hits[0].entry.title == "Femur"


def test_soas_also_finds_the_post_through_the_iliopsoas(demo, client):
    found = search_backend().find(parse_query("psoas"))
    kinds = {hit.entry.kind for hit in found.hits}
    assert {"topic", "condition", "exercise", "post"} <= kinds
