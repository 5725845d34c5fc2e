"""A broken file imports nothing, a failure mid-way leaves nothing, and an import sends no mail."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.redirects.models import Redirect
from django.core import mail
from django.core.management import CommandError
from django.utils import timezone
from taggit.models import Tag

from comments.models import Comment
from notifications.models import Announcement, Delivery, Subscriber
from notifications.services import announcements_process
from posts.models import Category, Image, Page, Post
from posts.wordpress.models import ImportedItem
from posts.wordpress.steps import items
from tests.notifications.worker import queued_tasks
from tests.posts.wordpress.conftest import FIXTURES, SITE

CONTENT = (Post, Page, Comment, Category, Tag, Image, Redirect, ImportedItem)


def nothing_imported(users_before):
    return all(not model.objects.exists() for model in CONTENT) and get_user_model().objects.count() == users_before


@pytest.mark.parametrize(
    "name, words",
    [
        ("truncated.xml", "not complete, well-formed XML"),
        ("not-xml.xml", "not complete, well-formed XML"),
        ("not-wxr.xml", "not a WordPress export (WXR)"),
        ("bomb.xml", "possible XML bomb"),
        ("no-such-file.xml", "no such file"),
    ],
)
def test_a_broken_file_gives_one_clear_line_and_imports_nothing(run_import, stored_files, name, words):
    users = get_user_model().objects.count()
    with pytest.raises(CommandError) as caught:
        run_import(path=FIXTURES / name)
    message = str(caught.value)
    assert words in message and "Nothing was imported." in message
    assert "\n" not in message and "Traceback" not in message
    assert nothing_imported(users) and stored_files() == []


def test_a_file_that_is_not_an_rss_document(run_import, tmp_path):
    odd = tmp_path / "odd.xml"
    odd.write_text('<?xml version="1.0"?><html><body>A web page</body></html>')
    with pytest.raises(CommandError, match="its root element is not <rss>"):
        run_import(path=odd)


def test_media_dir_must_be_a_folder(run_import, tmp_path):
    with pytest.raises(CommandError, match="--media-dir is not a folder"):
        run_import("--media-dir", str(tmp_path / "nowhere"))
    assert not Post.objects.exists()


def test_a_failure_half_way_rolls_everything_back_files_included(run_import, uploads, stored_files, monkeypatch):
    """The image is stored before the pages; a page that fails takes the image's files with it."""
    users = get_user_model().objects.count()

    def broken_page(run, item):
        assert Image.objects.exists() and stored_files()  # the files were written by then
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(items, "_import_page", broken_page)
    with pytest.raises(CommandError, match=r"import stopped \(RuntimeError: the disk is full\)\. Nothing was imported"):
        run_import("--media-dir", str(uploads))
    assert nothing_imported(users)
    assert stored_files() == []


def test_an_upload_path_cannot_leave_the_media_dir(run_import, uploads, tmp_path):
    secret = tmp_path / "secret.jpg"
    secret.write_bytes((uploads / "2016" / "05" / "psoas-diagram.jpg").read_bytes())
    hostile = tmp_path / "hostile.xml"
    hostile.write_text(SITE.read_text().replace("2016/06/runner-on-the-quay.jpg", "../secret.jpg"))
    output = run_import("--media-dir", str(uploads), path=hostile)
    assert Image.objects.count() == 1  # only the diagram
    assert "../secret.jpg" in output  # listed as not found


def test_a_file_that_is_not_really_an_image_is_skipped_with_a_warning(run_import, uploads):
    (uploads / "2016" / "06").mkdir()
    (uploads / "2016" / "06" / "runner-on-the-quay.jpg").write_bytes(b"%PDF-1.4 not a photo")
    output = run_import("--media-dir", str(uploads))
    assert "Attachment 2016/06/runner-on-the-quay.jpg: not imported" in output
    assert Image.objects.count() == 1 and Post.objects.count() == 4


@pytest.fixture
def outbox_mail(settings):
    """Mail goes through the production task queue (a queued task per message), with the author told of
    pending comments."""
    settings.MAIL_QUEUE = True
    settings.EMAIL_BACKEND = "notifications.mail.QueuedEmailBackend"
    settings.COMMENTS_NOTIFY_AUTHOR = True


def test_an_import_sends_no_mail(run_import, uploads, outbox_mail, django_capture_on_commit_callbacks):
    # A subscriber who followed long before the posts came out: a normal publication would reach her.
    Subscriber.objects.create(
        email="follower@example.org",
        status=Subscriber.Status.ACTIVE,
        confirmed_at=timezone.now() - datetime.timedelta(days=365 * 20),
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_import("--media-dir", str(uploads))
    assert Comment.objects.pending().exists()  # a pending comment, which would notify the author
    assert Post.objects.published().exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert announcements_process() == (0, 0)  # the mail worker's round finds nothing to announce
    assert mail.outbox == [] and queued_tasks() == [] and not Delivery.objects.exists()
    # Imported posts count as announced; the scheduled one is announced by the worker on its day.
    assert Announcement.objects.filter(post__slug="its-the-iliopsoas-stupid", recipients=0).exists()
    assert not Announcement.objects.filter(post__slug="sitting-is-not-the-enemy").exists()


def test_after_the_import_the_site_mails_as_usual(run_import, outbox_mail, django_capture_on_commit_callbacks):
    """The same subscriber hears of a post published the normal way: the quiet ended with the import."""
    Subscriber.objects.create(
        email="follower@example.org", status=Subscriber.Status.ACTIVE, confirmed_at=timezone.now()
    )
    run_import()
    with django_capture_on_commit_callbacks(execute=True):
        Post.objects.create(
            title="News after the move",
            author=get_user_model().objects.get(username="maya"),
            body="<p>We moved.</p>",
            status=Post.Status.PUBLISHED,
        )
    assert Delivery.objects.count() == 1


def test_non_ascii_slugs_and_their_old_links(run_import, client, tmp_path):
    odd = tmp_path / "odd.xml"
    odd.write_text(
        SITE.read_text()
        .replace("its-the-iliopsoas-stupid/</link>", "caf%c3%a9-stretches/</link>")
        .replace("[its-the-iliopsoas-stupid]", "[caf%c3%a9-stretches]")
    )
    run_import(path=odd)
    post = Post.objects.get(slug="cafe-stretches")
    response = client.get("/2016/05/12/café-stretches/")
    assert (response.status_code, response["Location"]) == (301, post.get_absolute_url())


def test_items_and_comments_without_ids_are_skipped(run_import, tmp_path):
    odd = tmp_path / "odd.xml"
    odd.write_text(
        SITE.read_text().replace("<wp:post_id>103</wp:post_id>", "").replace("<wp:comment_id>507</wp:comment_id>", "")
    )
    output = run_import(path=odd)
    assert not Post.objects.filter(title="For the team only").exists()
    assert "A post without wp:post_id (“For the team only”) was skipped." in output
    assert Comment.objects.count() == 8 and "comments without wp:comment_id (skipped)" in output
