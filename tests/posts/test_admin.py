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
