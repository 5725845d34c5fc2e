"""Library media on readers' pages: responsive pictures without layout shift, lazy below the fold,
and videos that reach YouTube or Vimeo only after the reader presses play."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile

from posts.media.rendering import parse_video_url
from posts.media.services import video_create
from tests.factories import PostFactory, make_image

pytestmark = pytest.mark.django_db


def figure(image, alt="A lunge", caption="Keep the back upright."):
    return (
        f'<figure class="figure"><img src="{image.url}" alt="{alt}" data-file="{image.pk}">'
        f'<figcaption class="figure-caption">{caption}</figcaption></figure>'
    )


def test_a_body_image_becomes_a_picture_with_srcset_sizes_and_its_size(client):
    image = make_image(2000, 1000, alt="Library words")
    post = PostFactory(body=f"<p>Text.</p>{figure(image)}")
    soup = BeautifulSoup(post.body_html, "html.parser")
    picture = soup.select_one("figure picture")
    img = picture.img
    assert img["srcset"] == image.srcset and "480w" in img["srcset"] and "1600w" in img["srcset"]
    assert img["sizes"] and (img["width"], img["height"]) == ("1600", "800")
    assert img["alt"] == "A lunge", "the author's words in the post win over the library's"
    assert picture.source["type"] == "image/webp" and ".webp 960w" in picture.source["srcset"]
    assert soup.select_one("figcaption").get_text() == "Keep the back upright."
    assert 'data-file="' in post.body, "the stored body keeps the reference, not the markup"
    page = client.get(post.get_absolute_url()).content.decode()
    assert image.srcset in page.replace("&amp;", "&")


def test_the_first_image_is_eager_only_when_no_featured_image_is_above_it():
    first, second = make_image(alt="One"), make_image(alt="Two", color="#000000")
    without = PostFactory(body=figure(first) + figure(second))
    imgs = BeautifulSoup(without.body_html, "html.parser").select("img")
    assert [img.get("loading") for img in imgs] == [None, "lazy"]
    assert imgs[0]["fetchpriority"] == "high"
    with_featured = PostFactory(body=figure(first) + figure(second), featured_image=make_image(alt="Top"))
    imgs = BeautifulSoup(with_featured.body_html, "html.parser").select("img")
    assert [img.get("loading") for img in imgs] == ["lazy", "lazy"]


def test_the_featured_image_is_eager_with_its_size_on_the_page(client):
    post = PostFactory(featured_image=make_image(1200, 630, alt="The pelvis"), featured_image_caption="Front view")
    page = BeautifulSoup(client.get(post.get_absolute_url()).content, "html.parser")
    img = page.select_one("figure.featured img")
    assert img["fetchpriority"] == "high" and "loading" not in img.attrs
    assert (img["width"], img["height"]) == ("1200", "630") and img["alt"] == "The pelvis"
    assert page.select_one("figure.featured figcaption").get_text() == "Front view"
    assert page.select_one('meta[property="og:image:width"]')["content"] == "1200"


def test_an_image_that_left_the_library_is_left_out_not_shown_broken():
    image = make_image()
    body = figure(image)
    image_pk = image.pk
    image.delete()
    post = PostFactory(body=body)
    assert "<figure" not in post.body_html and f'data-file="{image_pk}"' in post.body


def test_a_home_page_card_shows_the_smallest_sensible_rendition(client):
    PostFactory(featured_image=make_image(2000, 1000))
    card = BeautifulSoup(client.get("/").content, "html.parser").select_one(".card__image img")
    assert card["loading"] == "lazy" and "480w" in card["srcset"] and card["alt"] == ""


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10", ("youtube", "dQw4w9WgXcQ", "")),
        ("https://youtu.be/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ", "")),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ", "")),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ", "")),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ", "")),
        ("https://vimeo.com/76979871", ("vimeo", "76979871", "")),
        ("https://vimeo.com/76979871/abc123def0", ("vimeo", "76979871", "abc123def0")),
        ("https://player.vimeo.com/video/76979871?h=abc123def0", ("vimeo", "76979871", "abc123def0")),
        ("https://evil.example/watch?v=dQw4w9WgXcQ", None),
        ("javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ", None),
        ('https://www.youtube.com/watch?v="><script>', None),
        ("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", None),
        ("", None),
    ],
)
def test_only_youtube_and_vimeo_links_are_understood(url, expected):
    assert parse_video_url(url) == expected


def test_a_video_link_becomes_a_placeholder_that_requests_nothing_from_youtube(client):
    post = PostFactory(
        body='<p>Watch first.</p><figure data-video="https://youtu.be/dQw4w9WgXcQ"><figcaption>Hip flexor stretch'
        "</figcaption></figure>"
    )
    soup = BeautifulSoup(post.body_html, "html.parser")
    link = soup.select_one("figure.video-embed a.video-embed__play")
    assert link["href"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert link["data-embed-src"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"
    assert "Hip flexor stretch" in link.get_text() and "nothing is loaded from YouTube" in link.get_text()
    page = BeautifulSoup(client.get(post.get_absolute_url()).content, "html.parser")
    assert not page.select("iframe"), "the player is made only when the reader presses play"
    for element in page.select("[src]"):
        assert not element["src"].startswith(("http:", "https:", "//")), element
    assert page.select_one('script[src$="js/video-embed.js"]') is not None
    assert not page.select("script:not([src])[type!='application/ld+json']"), "no inline script"


def test_a_vimeo_link_and_a_hostile_one(client):
    post = PostFactory(
        body='<figure data-video="https://vimeo.com/76979871"><figcaption>Warm-up</figcaption></figure>'
        '<figure data-video="https://evil.example/x.mp4"><figcaption>Bad</figcaption></figure>'
        '<figure data-video="javascript:alert(1)"><figcaption>Worse</figcaption></figure>'
    )
    soup = BeautifulSoup(post.body_html, "html.parser")
    links = soup.select("a[data-embed-src]")
    assert [a["data-embed-src"] for a in links] == ["https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"]
    assert "evil.example" not in post.body_html and "javascript:" not in post.body_html


def test_a_library_video_is_played_from_our_own_storage(media_root):
    mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 2048
    video = video_create(file=ContentFile(mp4, name="lunge.mp4"), title="Kneeling lunge")
    post = PostFactory(
        body=f'<figure data-video="{video.url}" data-video-file="{video.pk}"><figcaption>Lunge</figcaption></figure>'
    )
    player = BeautifulSoup(post.body_html, "html.parser").select_one("figure.video-embed video")
    assert player["src"] == video.url and player["preload"] == "none" and player.has_attr("controls")


def test_a_file_that_is_not_a_video_is_refused(media_root):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="not an MP4 or WebM"):
        video_create(file=ContentFile(b"%PDF-1.4 not a video", name="x.mp4"), title="x")
    with pytest.raises(ValidationError, match="empty"):
        video_create(file=ContentFile(b"", name="x.mp4"), title="x")
