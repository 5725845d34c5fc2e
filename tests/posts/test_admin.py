import pytest

from posts.models import Page, Post

pytestmark = pytest.mark.django_db


def test_clinician_writes_and_publishes_a_post_in_the_admin(client_as, clinician, client):
    staff = client_as(clinician)
    assert staff.get("/admin/posts/post/add/").status_code == 200
    response = staff.post(
        "/admin/posts/post/add/",
        {
            "title": "Pigeon pose, step by step",
            "slug": "",
            "author": clinician.pk,
            "excerpt": "How to do it safely.",
            "body": "<p>Start on hands and knees.</p><script>steal()</script>",
            "status": "published",
            "published_at_0": "",
            "published_at_1": "",
            "comments_open": "on",
            "tags": "yoga, hip",
            "posts-reference-content_type-object_id-TOTAL_FORMS": "0",
            "posts-reference-content_type-object_id-INITIAL_FORMS": "0",
            "exercise_entries-TOTAL_FORMS": "0",
            "exercise_entries-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get(title="Pigeon pose, step by step")
    assert post.slug == "pigeon-pose-step-by-step" and post.is_public
    assert "<script" not in post.body
    assert client.get(post.get_absolute_url()).status_code == 200


def test_admin_refuses_a_page_slug_that_clashes(client_as, clinician):
    response = client_as(clinician).post(
        "/admin/posts/page/add/",
        {"title": "Admin", "slug": "admin", "body": "<p>x</p>", "menu_order": 0, "is_published": "on"},
    )
    assert response.status_code == 200
    assert "already an address" in response.content.decode()
    assert not Page.objects.exists()


def test_readers_cannot_reach_the_admin(client_as, user):
    response = client_as(user).get("/admin/posts/post/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def _post_form(clinician, **extra):
    return {
        "title": "With a picture",
        "slug": "",
        "author": clinician.pk,
        "body": "<p>Text.</p>",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "tags": "",
        "posts-reference-content_type-object_id-TOTAL_FORMS": "0",
        "posts-reference-content_type-object_id-INITIAL_FORMS": "0",
        "exercise_entries-TOTAL_FORMS": "0",
        "exercise_entries-INITIAL_FORMS": "0",
        **extra,
    }


def _png(width, height):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (width, height)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,content",
    [
        ("notes.png", b"this is not an image at all"),
        ("truncated.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 10),
        ("script.gif", b"<script>alert(1)</script>"),
    ],
)
def test_a_broken_featured_image_is_a_form_error_and_nothing_is_saved(
    client_as, clinician, settings, tmp_path, name, content
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = client_as(clinician).post(
        "/admin/posts/post/add/", _post_form(clinician, featured_image=upload, featured_image_alt="x")
    )
    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
    assert not Post.objects.exists()


def test_a_decompression_bomb_is_refused(client_as, clinician, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    bomb = SimpleUploadedFile("bomb.png", _png(20_000, 20_000), content_type="image/png")
    response = client_as(clinician).post(
        "/admin/posts/post/add/", _post_form(clinician, featured_image=bomb, featured_image_alt="x")
    )
    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
    assert not Post.objects.exists()


def test_a_featured_image_without_alt_text_is_refused_in_the_admin(client_as, clinician, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    image = SimpleUploadedFile("ok.png", _png(40, 30), content_type="image/png")
    response = client_as(clinician).post("/admin/posts/post/add/", _post_form(clinician, featured_image=image))
    assert response.status_code == 200
    assert "Describe the image" in response.content.decode()
    assert not Post.objects.exists()


def test_dashboard_shows_drafts_scheduled_and_reviews_due(client_as, clinician):
    import datetime

    from django.utils import timezone

    from tests.factories import PostFactory

    PostFactory(status=Post.Status.DRAFT, published_at=None, author=clinician)
    PostFactory(published_at=timezone.now() + datetime.timedelta(days=2), author=clinician)
    PostFactory(author=clinician, last_reviewed=datetime.date(2020, 1, 1))
    page = client_as(clinician).get("/admin/").content.decode()
    assert "<strong>1</strong> draft</a>" in page
    assert "<strong>1</strong> scheduled</a>" in page
    # Every factory post without a review date counts as due, and so does the 2020 review.
    assert "<strong>3</strong> due for review</a>" in page
    assert 'href="/admin/posts/post/review-overdue/"' in page
