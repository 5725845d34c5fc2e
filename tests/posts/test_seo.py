"""Head metadata, structured data, sitemap and robots.txt, checked by parsing what a crawler reads."""

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from posts.models import Post
from posts.seo import first_sentences

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/posts/its-the-iliopsoas-stupid/",
    "/posts/warm-up-before-you-stretch/",
    "/posts/tag/hip-flexors/",
    "/posts/category/anatomy/",
    "/posts/author/maya-lindqvist/",
    "/about/",
    "/anatomy/",
    "/anatomy/iliopsoas/",
    "/anatomy/hip-joint/",
    "/conditions/",
    "/conditions/snapping-hip/",
    "/exercises/",
    "/exercises/pigeon/",
    "/search/?q=psoas",
]


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def meta(page, **attrs):
    tag = page.find("meta", attrs=attrs)
    return tag["content"] if tag else None


def ld_graph(page):
    (script,) = page.find_all("script", type="application/ld+json")
    return {node["@type"]: node for node in json.loads(script.string)["@graph"]}


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_has_a_canonical_link_a_description_and_a_preview(client, demo, url):
    page = head(client, url)
    path = url.split("?")[0]
    assert page.find("link", rel="canonical")["href"] == f"http://testserver{path}"
    description = meta(page, name="description")
    assert description and description.strip() and len(description) <= 300
    assert meta(page, property="og:description") == description
    assert meta(page, property="og:title") and meta(page, property="og:url") == f"http://testserver{path}"
    assert meta(page, property="og:site_name") and meta(page, name="twitter:card") in ("summary", "summary_large_image")
    assert len(page.find_all("meta", attrs={"name": "description"})) == 1


def test_a_post_without_excerpt_is_described_by_its_first_sentences(client, demo):
    post = Post.objects.get(slug="warm-up-before-you-stretch")
    post.excerpt = ""
    post.save()
    page = head(client, post.get_absolute_url())
    description = meta(page, name="description")
    assert description == "A stretch works best on a muscle that is already warm."[:155] or description.startswith(
        "A stretch works best on a muscle that is already warm."
    )
    assert description != post.title and len(description) <= 155
    assert meta(page, property="og:description") == description


def test_first_sentences_keeps_whole_sentences_within_155_characters():
    html = "<h2>Intro</h2><p>One short sentence. " + "Another sentence that goes on. " * 10 + "</p>"
    text = first_sentences(html)
    assert text.startswith("Intro One short sentence.") and text.endswith(".") and len(text) <= 155
    assert first_sentences("<p>" + "word " * 100 + "</p>").endswith("…")
    assert first_sentences("") == ""


def test_the_post_preview_carries_its_picture_with_size_and_alt(client, demo):
    page = head(client, "/posts/its-the-iliopsoas-stupid/")
    post = Post.objects.get(slug="its-the-iliopsoas-stupid")
    assert meta(page, property="og:type") == "article"
    assert meta(page, property="og:image") == f"http://testserver{post.featured_image.url}"
    assert meta(page, property="og:image:width") == "1200" and meta(page, property="og:image:height") == "630"
    assert meta(page, property="og:image:alt") == post.featured_alt
    assert meta(page, name="twitter:card") == "summary_large_image"
    assert meta(page, name="twitter:image") == meta(page, property="og:image")
    assert meta(page, property="article:published_time")


def test_a_page_without_a_picture_has_a_plain_card(client, demo):
    page = head(client, "/posts/warm-up-before-you-stretch/")
    assert meta(page, property="og:image") is None and meta(page, name="twitter:card") == "summary"


def test_blogposting_and_breadcrumbs(client, demo):
    page = head(client, "/posts/its-the-iliopsoas-stupid/")
    graph = ld_graph(page)
    posting = graph["BlogPosting"]
    for key in ("headline", "author", "datePublished", "dateModified", "image", "commentCount", "publisher"):
        assert posting.get(key) not in (None, "", []), key
    assert posting["image"]["width"] == 1200 and posting["image"]["height"] == 630
    assert posting["image"]["url"].startswith("http://testserver/media/")
    crumbs = graph["MedicalWebPage"]["breadcrumb"]
    assert crumbs["@type"] == "BreadcrumbList"
    assert [(item["position"], item["name"], item["item"]) for item in crumbs["itemListElement"]] == [
        (1, "Home", "http://testserver/"),
        (2, "Anatomy", "http://testserver/posts/category/anatomy/"),
        (3, "It’s the iliopsoas, stupid!", "http://testserver/posts/its-the-iliopsoas-stupid/"),
    ]


@pytest.mark.parametrize(
    "url, trail",
    [
        ("/anatomy/psoas-major/", ["Home", "Anatomy", "Iliopsoas", "Psoas major"]),
        ("/conditions/snapping-hip/", ["Home", "Conditions", "Snapping hip"]),
        ("/exercises/pigeon/", ["Home", "Exercises", "Pigeon"]),
    ],
)
def test_library_pages_have_breadcrumbs_that_match_the_page(client, demo, url, trail):
    page = head(client, url)
    crumbs = ld_graph(page)["MedicalWebPage"]["breadcrumb"]["itemListElement"]
    assert [item["name"] for item in crumbs] == trail
    assert crumbs[-1]["item"] == f"http://testserver{url}"
    shown = [li.get_text(strip=True) for li in page.select("nav.breadcrumbs li")]
    assert shown == trail


def test_a_topic_illustration_is_previewed_with_its_size(client, demo):
    from posts.models import AnatomyTopic
    from tests.factories import make_image

    topic = AnatomyTopic.objects.get(slug="iliopsoas")
    topic.illustration = make_image(64, 48, fmt="PNG")
    topic.illustration_alt = "The iliopsoas from the front"
    topic.save()
    page = head(client, "/anatomy/iliopsoas/")
    assert (
        meta(page, property="og:image:width") == "64" and meta(page, property="og:image:alt") == topic.illustration_alt
    )
    image = ld_graph(page)["Muscle"]["image"]
    assert image["width"] == 64 and image["height"] == 48


def test_the_sitemap_lists_every_kind_of_page_with_lastmod(client, demo):
    response = client.get("/sitemap.xml")
    root = ET.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns) for url in root}
    for path in (
        "/",
        "/anatomy/",
        "/conditions/",
        "/exercises/",
        "/posts/its-the-iliopsoas-stupid/",
        "/anatomy/iliopsoas/",
        "/conditions/snapping-hip/",
        "/exercises/pigeon/",
        "/about/",
    ):
        assert entries.get(f"http://testserver{path}"), f"{path} missing or without lastmod"
    assert not any("/search/" in loc for loc in entries)


def test_drafts_are_not_in_the_sitemap(client, demo, clinician):
    from tests.factories import PostFactory

    draft = PostFactory(title="Secret", status=Post.Status.DRAFT, author=clinician)
    assert draft.get_absolute_url() not in client.get("/sitemap.xml").content.decode()


def test_robots_points_to_the_sitemap_and_keeps_private_and_search_pages_out(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    for rule in (
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /search/",
        "Sitemap: http://testserver/sitemap.xml",
    ):
        assert rule in lines
