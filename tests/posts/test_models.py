import datetime

import pytest
from django.contrib.redirects.models import Redirect
from django.core.exceptions import ValidationError
from django.utils import timezone

from posts.models import Page, Post
from tests.factories import PageFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_slug_is_made_from_the_title_and_kept_unique():
    first = PostFactory(title="It’s the iliopsoas, stupid!")
    second = PostFactory(title="It’s the iliopsoas, stupid!")
    assert first.slug == "its-the-iliopsoas-stupid"
    assert second.slug == "its-the-iliopsoas-stupid-2"


@pytest.mark.parametrize(
    "hostile",
    [
        '<script>alert("x")</script>',
        '<img src="x.png" onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        '<iframe src="https://evil.example"></iframe>',
        '<p style="background:url(javascript:alert(1))">styled</p>',
        "<svg><script>alert(1)</script></svg>",
        '<form action="https://evil.example"><input name="card"></form>',
    ],
)
def test_body_is_sanitised_on_every_save(hostile):
    post = PostFactory(body=f"<p>Safe words.</p>{hostile}")
    post.refresh_from_db()
    for html in (post.body, post.body_html):
        lowered = html.lower()
        assert "<script" not in lowered
        assert "onerror" not in lowered
        assert "javascript:" not in lowered
        assert "<iframe" not in lowered
        assert "style=" not in lowered
        assert "<form" not in lowered
    assert "Safe words." in post.body


def test_links_the_author_wrote_are_kept_and_made_safe():
    post = PostFactory(body='<p>See <a href="https://example.org/paper">the paper</a>.</p>')
    assert 'href="https://example.org/paper"' in post.body_html
    assert 'rel="noopener noreferrer"' in post.body_html


def test_rendered_body_gets_heading_anchors_and_a_table_of_contents():
    post = PostFactory(body="<h2>What it does</h2><p>a</p><h3>Walking</h3><p>b</p><h2>What it does</h2>")
    assert [entry["id"] for entry in post.toc] == ["what-it-does", "walking", "what-it-does-2"]
    assert [entry["level"] for entry in post.toc] == [2, 3, 2]
    assert '<h2 id="what-it-does">' in post.body_html
    assert "id=" not in post.body, "the author's stored body is not rewritten"


def test_reading_time_counts_words():
    post = PostFactory(body="<p>" + "word " * 1100 + "</p>")
    assert post.reading_time == 5
    assert PostFactory(body="<p>short</p>").reading_time == 1


def test_a_featured_image_always_has_alt_text_the_library_s_or_the_post_s_own():
    from tests.factories import make_image

    with pytest.raises(ValidationError) as error:
        make_image(alt="   ")
    assert "alt" in error.value.message_dict
    post = PostFactory.build(author=PostFactory().author, featured_image=make_image(alt="The pelvis from the front"))
    post.full_clean()
    assert post.featured_alt == "The pelvis from the front"
    post.featured_image_alt = "Two muscles meeting at the hip"
    assert post.featured_alt == "Two muscles meeting at the hip"
    assert post.featured_image_meta["alt"] == "Two muscles meeting at the hip"


def test_state_follows_status_and_date():
    now = timezone.now()
    assert PostFactory(status=Post.Status.DRAFT, published_at=None).state == "draft"
    assert PostFactory(published_at=now + datetime.timedelta(days=2)).state == "scheduled"
    assert PostFactory(published_at=now - datetime.timedelta(minutes=1)).state == "published"


def test_publishing_without_a_date_publishes_now():
    post = PostFactory(published_at=None)
    assert post.published_at is not None and post.is_public


def test_published_excludes_drafts_and_scheduled_posts():
    live = PostFactory()
    PostFactory(status=Post.Status.DRAFT, published_at=None)
    PostFactory(published_at=timezone.now() + datetime.timedelta(hours=1))
    assert list(Post.objects.published()) == [live]


def test_changing_a_slug_leaves_a_permanent_redirect_without_chains(client):
    post = PostFactory(slug="first-name")
    post.slug = "second-name"
    post.save()
    post.slug = "third-name"
    post.save()
    assert set(Redirect.objects.values_list("old_path", "new_path")) == {
        ("/posts/first-name/", "/posts/third-name/"),
        ("/posts/second-name/", "/posts/third-name/"),
    }
    response = client.get("/posts/first-name/")
    assert response.status_code == 301
    assert response["Location"] == "/posts/third-name/"


def test_going_back_to_an_old_slug_drops_its_redirect(client):
    post = PostFactory(slug="a-name")
    post.slug = "b-name"
    post.save()
    post.slug = "a-name"
    post.save()
    assert client.get("/posts/a-name/").status_code == 200
    assert client.get("/posts/b-name/")["Location"] == "/posts/a-name/"


@pytest.mark.parametrize("slug", ["admin", "feed", "accounts", "comments", "posts", "static", "media"])
def test_page_slugs_that_clash_with_site_addresses_are_refused(slug):
    page = Page(title="Clash", slug=slug, body="<p>x</p>")
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "already an address" in str(error.value)


def test_page_body_is_sanitised_and_slug_made_from_title():
    page = PageFactory(title="About the clinician", body="<p>Hi</p><script>x()</script>")
    assert page.slug == "about-the-clinician"
    assert "<script" not in page.body
    page.full_clean()
