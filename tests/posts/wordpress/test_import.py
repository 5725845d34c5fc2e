"""import_wordpress on a small site: what each WordPress object became, field by field."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.redirects.models import Redirect
from django.core.files.storage import default_storage
from django.core.management import CommandError
from PIL import Image as PILImage
from taggit.models import Tag

from comments.models import Comment
from posts.models import Category, Image, Page, Post
from posts.wordpress.models import ImportedItem

UTC = datetime.UTC
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def imported(run_import, uploads):
    output = run_import("--media-dir", str(uploads))
    return output


def comment_of(wp_id):
    record = ImportedItem.objects.get(kind="comment", wp_id=wp_id)
    return Comment.objects.get(pk=record.object_id)


def test_the_summary_counts_each_kind(imported):
    rows = {line.split()[0]: line.split()[1:] for line in imported.splitlines() if line.startswith("  ")}
    assert rows["authors"] == ["2", "0", "0", "0"]
    assert rows["categories"] == ["4", "0", "0", "0"]
    assert rows["tags"] == ["2", "0", "0", "0"]
    assert rows["attachments"] == ["1", "0", "0", "2"]  # the runner is missing, the PDF is no image
    assert rows["posts"] == ["4", "0", "0", "1"]  # the binned post is skipped
    assert rows["pages"] == ["2", "0", "0", "0"]
    assert rows["comments"] == ["9", "0", "0", "1"]  # the page's comment is skipped; the pingback is kept
    assert "2016/06/runner-on-the-quay.jpg" in imported
    assert "[gallery] shortcode (dropped)" in imported
    assert "pingbacks and trackbacks (kept as such)" in imported
    assert "pingbacks and trackbacks (skipped)" not in imported
    assert "WordPress items of type “nav_menu_item” (not imported)" in imported


def test_authors_become_inactive_accounts_with_author_profiles(imported):
    maya = get_user_model().objects.get(username="maya")
    assert (maya.email, maya.first_name, maya.last_name) == ("maya@old-clinic.example", "Maya", "Lindqvist")
    assert maya.is_active is False and maya.is_staff is True and not maya.has_usable_password()
    assert list(maya.groups.values_list("name", flat=True)) == ["Authors"]
    assert maya.author_profile.display_name == "Maya Lindqvist"
    assert get_user_model().objects.get(username="tomas").author_profile.display_name == "Tomás Ferreira"


def test_author_map_uses_an_existing_account(run_import, uploads, clinician):
    run_import("--media-dir", str(uploads), "--author-map", "maya=clinician")
    assert not get_user_model().objects.filter(username="maya").exists()
    post = Post.objects.get(slug="its-the-iliopsoas-stupid")
    assert post.author == clinician
    assert comment_of(501).user == clinician  # her replies carry her account (and the Author badge)


def test_author_map_naming_an_unknown_account_is_refused(run_import):
    with pytest.raises(CommandError, match="do not exist here: nobody"):
        run_import("--author-map", "maya=nobody")
    assert not Post.objects.exists()


def test_categories_keep_their_hierarchy_and_tags_their_names(imported):
    anatomy = Category.objects.get(slug="anatomy")
    hip = Category.objects.get(slug="hip")
    deep = Category.objects.get(slug="deep-hip-muscles")
    assert (anatomy.name, anatomy.parent, anatomy.description) == ("Anatomy", None, "How the parts fit together.")
    assert (hip.name, hip.parent) == ("Hip", anatomy)
    assert (deep.name, deep.parent) == ("Deep hip muscles", hip)
    assert Category.objects.get(slug="running").parent is None
    assert dict(Tag.objects.values_list("slug", "name")) == {"psoas": "psoas", "desk-work": "desk work"}


def test_a_published_post_field_by_field(imported):
    post = Post.objects.get(slug="its-the-iliopsoas-stupid")
    image = Image.objects.get()
    assert post.title == "It’s the iliopsoas, stupid"
    assert post.author.username == "maya"
    assert post.status == Post.Status.PUBLISHED and post.state == "published"
    assert post.published_at == datetime.datetime(2016, 5, 12, 8, 30, tzinfo=UTC)
    assert post.excerpt == "Why your hips feel tight after sitting."
    assert post.legacy_url == "https://old-clinic.example/2016/05/12/its-the-iliopsoas-stupid/"
    assert post.comments_open is True
    assert post.seo_description == (
        "The iliopsoas explained: where it is, why it tightens at a desk, and one stretch for it."
    )
    assert post.featured_image == image
    assert post.featured_alt == "Drawing of the psoas running from the lower spine to the inside of the thigh bone"
    assert {c.slug for c in post.categories.all()} == {"hip", "deep-hip-muscles"}
    assert set(post.tags.slugs()) == {"psoas", "desk-work"}


def test_post_html_is_converted_and_sanitised(imported):
    post = Post.objects.get(slug="its-the-iliopsoas-stupid")
    image = Image.objects.get()
    body = post.body
    assert body.startswith("<p>Stiff hips after a long day in a chair?")
    assert "<!--" not in body and "wp:" not in body  # block markup dropped
    assert "[caption" not in body and "<figcaption>Two muscles, one tendon.</figcaption>" in body
    assert body.count(f'data-file="{image.pk}"') == 2  # both images point at the library entry
    assert "wp-content" not in body and "old-clinic.example" not in body
    assert 'alt="The psoas from the front"' in body
    assert f'<figure data-video="{YOUTUBE}">' in body  # the embed block became the video block
    assert "<script" not in body and 'alert("no")' not in body
    # Readers get the library's <picture> and a click-to-load placeholder, never an iframe.
    assert "<picture" in post.body_html and "<iframe" not in post.body_html
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in post.body_html


def test_scheduled_classic_post(imported):
    post = Post.objects.get(slug="sitting-is-not-the-enemy")
    assert post.status == Post.Status.PUBLISHED and post.state == "scheduled"
    assert post.published_at == datetime.datetime(2099, 1, 15, 7, 0, tzinfo=UTC)
    assert post.author.username == "tomas" and post.comments_open is False
    assert post.body.startswith("<p>Chairs get a bad name.")
    assert "<p>Stand up every half hour.<br>\nWalk to the window and back.</p>" in post.body
    assert '<figure data-video="https://vimeo.com/76979871">' in post.body
    assert "[gallery" not in post.body and "<img" not in post.body  # the missing photo is left out
    assert "<p></p>" not in post.body


def test_drafts_private_and_binned_posts(imported):
    draft = Post.objects.get(title="Hamstring notes")
    assert (draft.slug, draft.status, draft.published_at) == ("hamstring-notes", Post.Status.DRAFT, None)
    private = Post.objects.get(slug="for-the-team-only")
    assert (private.status, private.published_at) == (Post.Status.DRAFT, None)
    assert not Post.objects.filter(title="Binned post").exists()
    assert not ImportedItem.objects.filter(kind="post", wp_id=104).exists()


def test_pages(imported):
    about = Page.objects.get(slug="about")
    assert about.title == "About the clinic"
    assert about.body == "<h2>Who we are</h2>\n<p>A small physiotherapy practice by the harbour.</p>"
    assert (about.is_published, about.menu_order, about.in_header, about.in_footer) == (True, 2, False, False)
    # "/search/" is the site's own search: the page gets another address.
    assert Page.objects.get(title="Search").slug == "search-page"


def test_the_image_went_through_the_pipeline(imported, stored_files):
    image = Image.objects.get()
    assert (image.width, image.height, image.format) == (640, 427, "jpeg")
    assert image.title == "psoas-diagram"
    assert image.caption == "The psoas runs from the lower spine to the thigh bone."
    assert len(image.renditions) >= 2
    with default_storage.open(image.file.name) as handle:
        assert not PILImage.open(handle).getexif()  # camera and GPS position gone
    assert all(name.startswith("images/") for name in stored_files())


def test_comments_field_by_field(imported):
    first = comment_of(500)
    post = Post.objects.get(slug="its-the-iliopsoas-stupid")
    assert first.content_object == post
    assert (first.user_name, first.user_email, first.user_url) == (
        "Priya N.",
        "priya@readers.example",
        "https://priya.example/",
    )
    assert first.comment == "I never knew the p was silent.\n\nThank you & well written!"
    assert first.submit_date == datetime.datetime(2016, 5, 12, 17, 0, tzinfo=UTC)
    assert first.state == Comment.State.APPROVED and first.is_public and not first.is_removed
    assert first.ip_address is None  # far older than the retention period
    assert first.user is None and first.followup is False


def test_the_authors_replies_are_linked_to_her_account(imported):
    reply = comment_of(501)
    assert reply.user == get_user_model().objects.get(username="maya")
    assert reply.user_name == "Maya Lindqvist"


def test_threads_deeper_than_our_depth_join_the_deepest_allowed_ancestor(imported, settings):
    top, answer, question = comment_of(500), comment_of(501), comment_of(502)
    assert (top.level, answer.level, question.level) == (0, 1, 2)
    assert answer.parent_id == top.pk and question.parent_id == answer.pk
    assert settings.COMMENTS_XTD_MAX_THREAD_LEVEL_BY_APP_MODEL["posts.post"] == 2
    for wp_id in (503, 504):  # WordPress levels 3 and 4
        deep = comment_of(wp_id)
        assert (deep.parent_id, deep.level, deep.thread_id) == (answer.pk, 2, top.pk)
    assert "replies deeper than 3 levels (joined their deepest allowed ancestor)" in imported


def test_comment_states(imported):
    held, spam, binned = comment_of(505), comment_of(506), comment_of(507)
    assert (held.state, held.is_public, held.user_email) == (Comment.State.PENDING, False, "")  # bad address
    assert held.moderation_reason == "held on WordPress"
    assert (spam.state, spam.is_public, spam.is_removed) == (Comment.State.SPAM, False, True)
    assert (binned.state, binned.is_public, binned.is_removed) == (Comment.State.REMOVED, True, True)
    assert not ImportedItem.objects.filter(kind="comment", wp_id=600).exists()  # on a page


def test_the_approved_count_equals_wordpress(imported, client):
    post = Post.objects.get(slug="its-the-iliopsoas-stupid")
    # WordPress's approved count on the post: comments 500 to 504 and the pingback 508.
    assert Comment.objects.for_object(post).approved().count() == 6
    page = client.get(post.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("Silent indeed", "Tried it in the meeting room", "Does the stretch work"):
        assert text in html
    assert "Buy now" not in html
    assert "6 thoughts on “It’s the iliopsoas, stupid”" in html  # the count shown is WordPress's
    assert '"commentCount": 6' in html
    assert '<span class="comment__kind">Pingback:</span> <a href="https://another-blog.example/hips/"' in html


def test_a_pingback_is_kept_as_such(imported):
    ping = comment_of(508)
    assert ping.kind == Comment.Kind.PINGBACK and ping.is_ping
    assert (ping.user_name, ping.user_url, ping.user_email) == (
        "Another Blog",
        "https://another-blog.example/hips/",
        "",
    )
    assert ping.comment == "[…] a good read on the iliopsoas […]"
    assert ping.submit_date == datetime.datetime(2016, 5, 15, 9, 0, tzinfo=UTC)
    assert (ping.state, ping.level, ping.parent_id, ping.user) == (Comment.State.APPROVED, 0, ping.pk, None)
    assert ping.followers_notified_at is not None
    assert "Pingback:" in ping.byline_html and 'rel="nofollow ugc noopener noreferrer"' in ping.byline_html
    assert comment_of(500).kind == Comment.Kind.COMMENT


TRACKBACK = """
		<wp:comment>
			<wp:comment_id>509</wp:comment_id>
			<wp:comment_author><![CDATA[Runners' Digest <b>weekly</b>]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[digest@runners.example]]></wp:comment_author_email>
			<wp:comment_author_url><![CDATA[javascript:alert(1)]]></wp:comment_author_url>
			<wp:comment_author_IP><![CDATA[203.0.113.9]]></wp:comment_author_IP>
			<wp:comment_date_gmt><![CDATA[2016-05-16 09:00:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[<strong>Hip week</strong> We linked to this post.]]></wp:comment_content>
			<wp:comment_approved><![CDATA[0]]></wp:comment_approved>
			<wp:comment_type><![CDATA[trackback]]></wp:comment_type>
			<wp:comment_parent>500</wp:comment_parent>
			<wp:comment_user_id>1</wp:comment_user_id>
		</wp:comment>
		<wp:comment>
			<wp:comment_id>510</wp:comment_id>
			<wp:comment_author><![CDATA[Lena]]></wp:comment_author>
			<wp:comment_date_gmt><![CDATA[2016-05-17 09:00:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[Their digest sent me here.]]></wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
			<wp:comment_type><![CDATA[comment]]></wp:comment_type>
			<wp:comment_parent>509</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>
	</item>"""


def with_trackback(tmp_path):
    from tests.posts.wordpress.conftest import SITE

    text = SITE.read_text()
    anchor = "<wp:comment_id>508</wp:comment_id>"
    end = text.index("</item>", text.index(anchor))
    path = tmp_path / "trackback.xml"
    path.write_text(text[:end].rstrip() + TRACKBACK + text[end + len("</item>") :])
    return path


def test_a_held_trackback_is_kept_top_level_without_email_or_account(run_import, tmp_path, settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 365 * 200
    output = run_import(path=with_trackback(tmp_path))
    track = comment_of(509)
    assert (track.kind, track.state, track.level, track.parent_id) == (
        Comment.Kind.TRACKBACK,
        Comment.State.PENDING,
        0,
        track.pk,
    )
    assert (track.user, track.user_email, track.user_url) == (None, "", "")  # the address was not http(s)
    assert track.user_name == "Runners' Digest <b>weekly</b>"  # escaped when shown, like any name
    assert track.comment == "Hip week We linked to this post."
    assert track.ip_address == "203.0.113.9"  # the comments' IP rule
    assert track.followers_notified_at is not None  # approving it later mails no follower
    assert "<b>" not in track.byline_html and "Trackback:" in track.byline_html
    assert "2  pingbacks and trackbacks (kept as such)" in output
    answer = comment_of(510)  # a reply to the trackback starts its own conversation
    assert (answer.kind, answer.level, answer.parent_id) == (Comment.Kind.COMMENT, 0, answer.pk)
    assert "1  replies to a pingback or trackback (made top-level)" in output


def test_recent_comments_keep_their_ip_address(run_import, settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 365 * 200
    run_import()
    assert comment_of(501).ip_address == "198.51.100.2"


def test_without_media_dir_every_image_is_listed_missing(run_import):
    output = run_import()
    assert not Image.objects.exists()
    assert "2016/05/psoas-diagram.jpg" in output and "2016/06/runner-on-the-quay.jpg" in output
    post = Post.objects.get(slug="its-the-iliopsoas-stupid")
    assert post.featured_image is None and "<img" not in post.body


# --- Old links -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new",
    [
        ("/2016/05/12/its-the-iliopsoas-stupid/", "/posts/its-the-iliopsoas-stupid/"),
        ("/2099/01/15/sitting-is-not-the-enemy/", "/posts/sitting-is-not-the-enemy/"),
        ("/category/anatomy/", "/posts/category/anatomy/"),
        ("/category/anatomy/hip/deep-hip-muscles/", "/posts/category/deep-hip-muscles/"),
        ("/tag/desk-work/", "/posts/tag/desk-work/"),
        ("/?p=100", "/posts/its-the-iliopsoas-stupid/"),
        ("/?page_id=200", "/about/"),
    ],
)
def test_old_addresses_answer_301(imported, client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_old_upload_paths_answer_301_to_the_library_file(imported, client):
    image = Image.objects.get()
    for old in (
        "/wp-content/uploads/2016/05/psoas-diagram.jpg",
        "/wp-content/uploads/2016/05/psoas-diagram-300x200.jpg",
    ):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, image.url)


def test_an_old_parent_category_link_lists_its_subcategories_posts(imported, client):
    """WordPress listed the post (filed under Hip and Deep hip muscles) on /category/anatomy/ too."""
    response = client.get("/category/anatomy/", follow=True)
    assert response.redirect_chain == [("/posts/category/anatomy/", 301)]
    assert [post.slug for post in response.context["posts"]] == ["its-the-iliopsoas-stupid"]
    assert [category.slug for category in response.context["subcategories"]] == ["hip"]
    assert "Nothing has been published here yet." not in response.content.decode()
    assert [p.slug for p in client.get("/category/anatomy/hip/", follow=True).context["posts"]] == [
        "its-the-iliopsoas-stupid"
    ]


@pytest.mark.parametrize("query", ["/?p=101", "/?p=102", "/?p=999", "/?p=abc", "/?page_id=" + "9" * 30])
def test_plain_links_to_unpublished_or_unknown_posts_show_the_home_page(imported, client, query):
    assert client.get(query).status_code == 200


def test_a_page_at_the_same_address_needs_no_redirect(imported, client):
    assert not Redirect.objects.filter(old_path="/about/").exists()
    assert client.get("/about/").status_code == 200


# --- Running it again, and not at all --------------------------------------------------------


def snapshot():
    return {
        "posts": list(Post.objects.order_by("pk").values()),
        "pages": list(Page.objects.order_by("pk").values()),
        "comments": list(Comment.objects.order_by("pk").values()),
        "categories": list(Category.objects.order_by("pk").values()),
        "tags": list(Tag.objects.order_by("pk").values()),
        "images": list(Image.objects.order_by("pk").values()),
        "users": list(get_user_model().objects.order_by("pk").values()),
        "redirects": list(Redirect.objects.order_by("pk").values()),
        "records": list(ImportedItem.objects.order_by("pk").values()),
        "post_categories": list(Post.categories.through.objects.order_by("pk").values()),
        "post_tags": sorted(Post.tags.through.objects.values_list("object_id", "tag_id")),
    }


def test_a_second_run_changes_nothing(run_import, uploads, stored_files):
    run_import("--media-dir", str(uploads))
    before, files = snapshot(), stored_files()
    output = run_import("--media-dir", str(uploads))
    assert snapshot() == before and stored_files() == files
    rows = {line.split()[0]: line.split()[1:3] for line in output.splitlines() if line.startswith("  ")}
    assert all(rows[kind] == ["0", "0"] for kind in ("authors", "categories", "tags", "posts", "pages", "comments"))


def test_a_changed_export_updates_the_post(run_import, uploads, tmp_path):
    from tests.posts.wordpress.conftest import SITE

    run_import("--media-dir", str(uploads))
    edited = tmp_path / "edited.xml"
    edited.write_text(SITE.read_text().replace("Try the kneeling lunge", "Try the half-kneeling lunge"))
    output = run_import("--media-dir", str(uploads), path=edited)
    assert "half-kneeling" in Post.objects.get(slug="its-the-iliopsoas-stupid").body
    assert Post.objects.count() == 4
    assert [line.split()[1:3] for line in output.splitlines() if line.startswith("  posts")] == [["0", "1"]]


def test_dry_run_reports_and_writes_nothing(run_import, uploads, stored_files):
    users = get_user_model().objects.count()
    output = run_import("--media-dir", str(uploads), "--dry-run")
    assert "Dry run: nothing was written" in output
    assert [line.split()[1] for line in output.splitlines() if line.startswith("  posts")] == ["4"]
    assert [line.split()[1] for line in output.splitlines() if line.startswith("  attachments")] == ["1"]
    for model in (Post, Page, Comment, Category, Tag, Image, Redirect, ImportedItem):
        assert not model.objects.exists(), model
    assert get_user_model().objects.count() == users
    assert stored_files() == []


def test_a_category_cannot_sit_under_its_own_subcategory(imported):
    from django.core.exceptions import ValidationError

    anatomy = Category.objects.get(slug="anatomy")
    anatomy.parent = Category.objects.get(slug="deep-hip-muscles")
    with pytest.raises(ValidationError, match="cannot sit under itself"):
        anatomy.full_clean()


def test_plain_link_to_an_unpublished_page_is_not_revealed(imported, client):
    Page.objects.filter(slug="about").update(is_published=False)
    assert client.get("/?page_id=200").status_code == 200


def test_the_authors_replies_show_the_author_badge(run_import, clinician, client):
    run_import("--author-map", "maya=clinician")
    html = client.get(Post.objects.get(slug="its-the-iliopsoas-stupid").get_absolute_url()).content.decode()
    assert html.count('<span class="badge badge--author">Author</span>') == 2  # her replies 501 and 503


def test_a_wxr_1_1_export_imports_the_same(run_import, tmp_path):
    from tests.posts.wordpress.conftest import SITE

    older = tmp_path / "wxr-1.1.xml"
    older.write_text(
        SITE.read_text()
        .replace("http://wordpress.org/export/1.2/", "http://wordpress.org/export/1.1/")
        .replace("<wp:wxr_version>1.2", "<wp:wxr_version>1.1")
    )
    run_import(path=older)
    assert Post.objects.count() == 4 and Comment.objects.count() == 9
    assert Post.objects.get(slug="its-the-iliopsoas-stupid").excerpt == "Why your hips feel tight after sitting."


def test_a_plain_link_costs_two_queries(imported, client, django_assert_num_queries):
    with django_assert_num_queries(2):  # the id record, then the post
        assert client.get("/?p=100").status_code == 301


def test_the_operator_sees_what_came_from_where(imported, operator, client_as, django_assert_max_num_queries):
    client = client_as(operator)
    with django_assert_max_num_queries(13):  # to keep N+1 out
        page = client.get("/admin/wordpress/importeditem/?kind=post")
    assert page.status_code == 200
    assert "/2016/05/12/its-the-iliopsoas-stupid/" in page.content.decode()
    assert client.get("/admin/wordpress/importeditem/add/").status_code == 403
