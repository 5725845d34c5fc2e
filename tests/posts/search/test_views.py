"""The search page and the suggestions endpoint, as a reader meets them."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from django.utils.html import escape

from posts.models import Post
from posts.search.models import SearchCount
from tests.factories import AnatomyTopicFactory, PostFactory


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def result_urls(response):
    return [a["href"] for a in soup(response).select(".search-result__title a")]


def test_every_page_has_a_labelled_search_box_that_works_without_javascript(demo, client):
    for url in ("/", "/anatomy/iliopsoas/", "/posts/its-the-iliopsoas-stupid/", "/about/"):
        form = soup(client.get(url)).select_one("header form[role=search]")
        assert form["action"] == "/search/" and form["method"] == "get"
        field = form.select_one("input[name=q]")
        assert form.select_one(f"label[for={field['id']}]").get_text(strip=True)
        assert form.select_one("button[type=submit]")
    # The form's own GET is the search: no script needed.
    assert "/anatomy/iliopsoas/" in result_urls(client.get("/search/", {"q": "soas"}))


def test_results_are_grouped_by_kind_best_group_first(demo, client):
    page = soup(client.get("/search/", {"q": "psoas"}))
    headings = [h.get_text(strip=True) for h in page.select(".search-group__heading")]
    assert headings[0] == "Anatomy"
    assert set(headings) == {"Anatomy", "Conditions", "Exercises", "Posts"}
    kinds = {a.get_text(" ", strip=True) for a in page.select(".search-kinds a")}
    assert any(kind.startswith("All (") for kind in kinds)


def test_a_kind_filter_shows_only_that_kind(demo, client):
    urls = result_urls(client.get("/search/", {"q": "psoas", "kind": "post"}))
    assert urls == ["/posts/its-the-iliopsoas-stupid/"]
    # An unknown kind is ignored, not an error.
    assert client.get("/search/", {"q": "psoas", "kind": "nonsense"}).status_code == 200


def test_matches_are_marked_and_the_pronunciation_shown(demo, client):
    page = soup(client.get("/search/", {"q": "soas"}))
    first = page.select_one(".search-result")
    assert "ILL-ee-oh-SO-as" in first.select_one(".search-result__names").get_text()
    marks = [m.get_text() for m in first.select("mark")]
    assert "psoas" in marks  # the alias it was found by, in "Also called …"


@pytest.mark.parametrize(
    "text, title",
    [
        ("soas", "Iliop<mark>soas</mark>"),  # found by trigram: the query inside the name is marked
        ("so-as", "Iliop<mark>soas</mark>"),
        ("illiopsoas", "<mark>Iliopsoas</mark>"),  # a misspelling: the word most like it
    ],
)
def test_near_matches_are_marked_in_the_title_too(demo, client, text, title):
    first = soup(client.get("/search/", {"q": text})).select_one(".search-result__title a")
    assert first["href"] == "/anatomy/iliopsoas/"
    assert first.decode_contents() == title


def result_titles(html):
    """{url: the title's HTML as sent} for every result."""
    return dict(re.findall(r'<h3 class="search-result__title"><a href="([^"]*)">(.*?)</a></h3>', html))


FOUND_AND_MARKED = ("soas", "amp", "𝔭𝔰𝔬𝔞𝔰")


@pytest.mark.parametrize(
    "text", [*FOUND_AND_MARKED, "illiopsoas", "<script>", '"&amp;', "lt", "🦴soas🦴", "soas" * 49, "s" * 199]
)
def test_near_matches_in_hostile_names_are_marked_after_escaping(db, client, clinician, text):
    name = "<script>alert(1)</script> Iliopsoas &amp; &lt;b&gt; 🦴"
    AnatomyTopicFactory(name=name, slug="hostile", summary="<img src=x onerror=alert(2)> iliopsoas", author=clinician)
    response = client.get("/search/", {"q": text})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert not re.search(r"&[#\w]*<mark>", html)  # never a mark inside an entity
    title = result_titles(html).get("/anatomy/hostile/")
    if text in FOUND_AND_MARKED:
        assert "<mark>" in title
    if title is not None:
        assert re.sub(r"</?mark>", "", title) == str(escape(name))


def test_did_you_mean_for_a_near_miss(demo, client):
    page = soup(client.get("/search/", {"q": "illiopsoas"}))
    link = page.select_one(".did-you-mean a")
    assert link.get_text() == "iliopsoas" and link["href"] == "?q=iliopsoas"


@pytest.mark.parametrize("text, meant", [("psoaz strech", "psoas"), ("backache", "low back pain")])
def test_did_you_mean_when_nothing_is_found(demo, client, text, meant):
    page = soup(client.get("/search/", {"q": text}))
    assert "Nothing found" in page.select_one(".search-summary").get_text()
    assert page.select_one(".did-you-mean a").get_text() == meant


def test_nothing_found_offers_other_ways_in(demo, client):
    page = soup(client.get("/search/", {"q": "xylophone"}))
    assert "Nothing found for “xylophone”" in page.select_one(".search-summary").get_text()
    assert page.select_one(".did-you-mean") is None
    assert page.select_one(".search-help a[href='/anatomy/']")


def test_drafts_and_scheduled_posts_never_appear(demo, client, clinician):
    PostFactory(title="Psoas secrets in a draft", status=Post.Status.DRAFT, author=clinician)
    PostFactory(
        title="Psoas news from the future",
        author=clinician,
        published_at=timezone.now() + datetime.timedelta(days=2),
    )
    for c in (client,):
        text = c.get("/search/", {"q": "psoas"}).content.decode()
        assert "draft" not in text.lower() or "Psoas secrets" not in text
        assert "Psoas secrets" not in text and "from the future" not in text
        suggestions = c.get("/search/suggest/", {"q": "psoas"}).json()["suggestions"]
        assert all("secrets" not in s["label"] and "future" not in s["label"] for s in suggestions)


def test_staff_do_not_see_drafts_in_search_either(demo, client_as, clinician):
    PostFactory(title="Psoas secrets in a draft", status=Post.Status.DRAFT, author=clinician)
    assert "Psoas secrets" not in client_as(clinician).get("/search/", {"q": "psoas secrets"}).content.decode()


def test_a_scheduled_post_appears_once_its_time_comes(demo, client, clinician):
    post = PostFactory(
        title="Psoas and running", author=clinician, published_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert post.get_absolute_url() not in result_urls(client.get("/search/", {"q": "psoas running"}))
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - datetime.timedelta(minutes=1))
    assert post.get_absolute_url() in result_urls(client.get("/search/", {"q": "psoas running"}))


def test_results_are_paginated(db, client, clinician, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 5
    for n in range(12):
        PostFactory(title=f"Rotator cuff note {n}", author=clinician, body="<p>The rotator cuff again.</p>")
    first = soup(client.get("/search/", {"q": "rotator cuff"}))
    assert len(first.select(".search-result")) == 5
    assert "Page 1 of 3" in first.select_one(".pagination").get_text()
    third = client.get("/search/", {"q": "rotator cuff", "page": 3})
    assert len(soup(third).select(".search-result")) == 2
    seen = {
        url for page in (1, 2, 3) for url in result_urls(client.get("/search/", {"q": "rotator cuff", "page": page}))
    }
    assert len(seen) == 12  # every result once, on exactly one page
    for bad in ("4", "0", "-1", "two", "9" * 30):
        assert client.get("/search/", {"q": "rotator cuff", "page": bad}).status_code == 404


@pytest.mark.parametrize(
    "text, status, message",
    [
        ("", 200, "Type a muscle"),
        ("   ", 200, "Type a muscle"),
        ("?!…—", 200, "no letters or numbers"),
        ("x" * 201, 400, "longer than 200 characters"),
        ("psoas\x00", 200, "result"),
        ("\x00", 200, "Type a muscle"),
        ("💪🏽 🦵", 200, "no letters or numbers"),
        ("'; DROP TABLE posts_post; --", 200, "for “'; DROP TABLE posts_post; --”"),
        ("psoas:* & !hip | (", 200, "result"),
        ('"unterminated', 200, "“"),
    ],
)
def test_hostile_or_empty_queries_get_a_clear_page(demo, client, text, status, message):
    response = client.get("/search/", {"q": text})
    assert response.status_code == status
    assert message in soup(response).select_one("main").get_text()
    assert Post.objects.filter(slug="its-the-iliopsoas-stupid").exists()


def test_reader_text_is_escaped_before_it_is_marked(db, client, clinician):
    AnatomyTopicFactory(
        name="<script>alert(1)</script> Psoas", summary="<img src=x onerror=alert(2)> psoas", author=clinician
    )
    html = client.get("/search/", {"q": "psoas"}).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Psoas</mark>" in html
    assert "&lt;img src=x onerror=alert(2)&gt; <mark>psoas</mark>" in html
    echoed = client.get("/search/", {"q": "<b>psoas</b><script>x</script>"}).content.decode()
    assert "<b>psoas</b>" not in echoed and "<script>x</script>" not in echoed
    assert "&lt;b&gt;psoas&lt;/b&gt;" in echoed


def test_search_results_are_not_indexed_by_search_engines(demo, client):
    page = soup(client.get("/search/", {"q": "psoas"}))
    assert page.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")


class TestQueryCounts:
    """Pinned to keep N+1 out: the same few queries for a handful of results or a page full."""

    def test_search_page(self, demo, client, django_assert_max_num_queries):
        client.get("/")
        # The search (counts per kind and the ranked page in one), the tally of searches.
        with django_assert_max_num_queries(2):
            assert client.get("/search/", {"q": "psoas"}).status_code == 200

    def test_search_page_with_nothing_found(self, demo, client, django_assert_max_num_queries):
        client.get("/")
        # The search, "did you mean", the tally.
        with django_assert_max_num_queries(3):
            assert client.get("/search/", {"q": "xylophone"}).status_code == 200

    def test_a_full_page_costs_the_same(self, db, client, clinician, django_assert_max_num_queries):
        for n in range(40):
            PostFactory(title=f"Rotator cuff note {n}", author=clinician, body="<p>The rotator cuff.</p>")
        client.get("/")
        with django_assert_max_num_queries(2):
            assert client.get("/search/", {"q": "rotator cuff"}).status_code == 200

    def test_suggestions(self, demo, client, django_assert_max_num_queries):
        with django_assert_max_num_queries(1):
            assert client.get("/search/suggest/", {"q": "soas"}).status_code == 200


def test_suggestions_as_json(demo, client):
    response = client.get("/search/suggest/", {"q": "soas"})
    assert response["Content-Type"] == "application/json"
    first = response.json()["suggestions"][0]
    assert first == {"label": "Iliopsoas", "kind": "Anatomy", "url": "/anatomy/iliopsoas/", "hint": "psoas"}
    assert client.get("/search/suggest/", {"q": "p"}).json()["suggestions"] == []
    assert client.get("/search/suggest/", {"q": "x" * 201}).status_code == 400
    assert client.get("/search/suggest/", {"q": "\x00💪"}).json()["suggestions"] == []


def test_only_the_first_page_of_a_search_is_counted(demo, client):
    client.get("/search/", {"q": "psoas"})
    client.get("/search/", {"q": "psoas", "kind": "post"})
    client.get("/search/suggest/", {"q": "psoas"})
    assert SearchCount.objects.get().searches == 1
