"""Likes on posts: one per reader, "N bloggers like this" with the newest ten faces, without
JavaScript (a form) and with it (JSON), anonymous readers sent to log in and back."""

import io
import json
import threading

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from comments.avatars import avatar_html
from comments.likes.services import post_like, post_unlike
from comments.models import LikeSummary, PostLike, ReaderAvatar
from tests.comments.factories import CommentFactory
from tests.comments.social import png_bytes
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def like_url(post):
    return f"/comments/likes/{post.pk}/"


def test_a_reader_likes_a_post_without_javascript_and_comes_back_to_it(client_as, user, post):
    response = client_as(user).post(like_url(post), {"action": "like", "next": post.get_absolute_url() + "#likes"})
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url() + "#likes"
    assert PostLike.objects.get().user == user
    summary = LikeSummary.objects.get(post=post)
    assert summary.count == 1 and summary.faces[0]["name"] == user.get_full_name()
    page = client_as(user).get(post.get_absolute_url()).content.decode()
    assert "One blogger likes this." in page and 'aria-pressed="true"' in page
    assert f'<span class="visually-hidden">{user.get_full_name()}</span>' in page


def test_liking_twice_keeps_one_like_and_unlike_takes_it_back(client_as, user, post):
    client = client_as(user)
    client.post(like_url(post), {"action": "like"})
    client.post(like_url(post), {"action": "like"})
    assert PostLike.objects.count() == 1 and LikeSummary.objects.get(post=post).count == 1
    client.post(like_url(post), {"action": "unlike"})
    assert not PostLike.objects.exists() and LikeSummary.objects.get(post=post).count == 0
    assert "Be the first to like this." in client.get(post.get_absolute_url()).content.decode()


def test_with_javascript_the_answer_is_json_with_the_new_summary(client_as, user, post):
    other = UserFactory(username="ana", first_name="Ana", last_name="Sousa")
    post_like(user=other, post=post)
    response = client_as(user).post(like_url(post), {"action": "like"}, headers={"Accept": "application/json"})
    data = json.loads(response.content)
    assert response.status_code == 200 and data["liked"] is True and data["count"] == 2
    assert (
        "2 bloggers like this." in data["summary"]
        and '>AS</span><span class="visually-hidden">Ana Sousa</span>' in data["summary"]
    )
    undone = json.loads(
        client_as(user).post(like_url(post), {"action": "unlike"}, headers={"Accept": "application/json"}).content
    )
    assert undone == {**undone, "liked": False, "count": 1}


def test_anonymous_readers_are_sent_to_log_in_and_back_to_the_post(client, post):
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'href="/accounts/login/?next={post.get_absolute_url()}%23likes"' in page
    response = client.post(like_url(post), {"action": "like"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=") and "%23likes" in response["Location"]
    assert not PostLike.objects.exists()


def test_an_off_site_next_is_ignored(client_as, user, post):
    response = client_as(user).post(like_url(post), {"action": "like", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url() + "#likes"
    response = client_as(user).post(like_url(post), {"action": "like", "next": "//evil.example/x"})
    assert "evil.example" not in response["Location"]


@pytest.mark.parametrize(
    "make",
    [
        lambda: PostFactory(status="draft"),
        lambda: PostFactory(published_at=timezone.now() + timezone.timedelta(days=2)),
    ],
    ids=["draft", "scheduled"],
)
def test_only_published_posts_can_be_liked(client_as, user, make):
    hidden = make()
    assert client_as(user).post(like_url(hidden), {"action": "like"}).status_code == 404
    assert client_as(user).post("/comments/likes/999999/", {"action": "like"}).status_code == 404
    assert not PostLike.objects.exists()


def test_likes_need_a_post_with_a_csrf_token(user, post):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(like_url(post), {"action": "like"}).status_code == 403
    assert client.get(like_url(post)).status_code == 405
    assert not PostLike.objects.exists()


def test_hostile_input_is_refused_or_ignored_never_a_500(client_as, user, post):
    client = client_as(user)
    for data in ({"action": "<script>"}, {"action": "x" * 10_000}, {"next": "javascript:alert(1)"}, {}):
        response = client.post(like_url(post), data)
        assert response.status_code == 302 and "javascript" not in response["Location"]
    assert PostLike.objects.count() == 1
    assert client.post("/comments/likes/abc/", {}).status_code == 404


def test_the_count_is_all_likes_and_the_faces_the_newest_ten_never_an_email(client, post):
    readers = [UserFactory(username=f"liker{n}", first_name=f"Reader{n}", last_name="Liker") for n in range(12)]
    pictured = readers[-1]
    avatar = ReaderAvatar(user=pictured, provider="google")
    avatar.image.save("liker.png", ContentFile(png_bytes()), save=True)
    for reader in readers:
        post_like(user=reader, post=post)
    summary = LikeSummary.objects.get(post=post)
    assert summary.count == 12
    assert [face["name"] for face in summary.faces] == [f"Reader{n} Liker" for n in range(11, 1, -1)]
    assert f'src="{avatar.image.url}"' in summary.faces[0]["picture"]
    # The others get the initials avatar their comments carry, on the same colour (no identicons).
    assert summary.faces[1]["picture"] == avatar_html(name="Reader10 Liker", seed=readers[10].email, lazy=True)
    assert all(">RL</span>" in face["picture"] for face in summary.faces[1:])
    assert "@" not in json.dumps(summary.faces) and "/comments/avatar/" not in json.dumps(summary.faces)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "12 bloggers like this." in page
    faces = page[page.index('class="likes__faces"') :].split("</ul>", 1)[0]
    assert faces.count("<li ") == 10 and faces.count("avatar--initials avatar--tone-") == 9
    assert '<span class="visually-hidden">Reader11 Liker</span>' in faces and "Reader1 Liker" not in faces


def test_the_faces_are_the_avatars_the_comments_show(client, post, user):
    CommentFactory(post=post, user=user, user_name=user.get_full_name(), user_email=user.email)
    post_like(user=user, post=post)
    page = client.get(post.get_absolute_url()).content.decode()
    faces = page[page.index('class="likes__faces"') :].split("</ul>", 1)[0]
    picture = avatar_html(name=user.get_full_name(), seed=user.email)
    assert picture in faces and picture in page[page.index('id="comments"') :]


def test_a_summary_stored_before_initials_still_shows_its_picture(client, post, user):
    post_like(user=user, post=post)
    LikeSummary.objects.filter(post=post).update(faces=[{"name": "Old <Liker>", "avatar": "/comments/avatar/0a.svg"}])
    faces = client.get(post.get_absolute_url()).content.decode().split('class="likes__faces"', 1)[1].split("</ul>")[0]
    assert 'src="/comments/avatar/0a.svg"' in faces and "Old &lt;Liker&gt;" in faces and "<Liker>" not in faces


def test_a_new_picture_shows_in_the_faces(post, user, django_capture_on_commit_callbacks):
    post_like(user=user, post=post)
    with django_capture_on_commit_callbacks(execute=True):
        avatar = ReaderAvatar(user=user, provider="google")
        avatar.image.save("new.png", ContentFile(png_bytes()), save=True)
    assert f'src="{avatar.image.url}"' in LikeSummary.objects.get(post=post).faces[0]["picture"]


def test_likes_are_counted_per_post(user):
    one, two = PostFactory(), PostFactory()
    post_like(user=user, post=one)
    post_unlike(user=user, post=two)
    assert LikeSummary.objects.get(post=one).count == 1 and LikeSummary.objects.get(post=two).count == 0


@pytest.mark.django_db(transaction=True)
def test_two_likes_at_the_same_moment_by_one_reader_store_one():
    """Two requests from one reader (two tabs, a double click) race on PostgreSQL: one row."""
    post = PostFactory()
    reader = UserFactory(username="racer")
    others = [UserFactory(username=f"racer{n}") for n in range(4)]
    jobs = [reader, reader, *others]
    barrier = threading.Barrier(len(jobs))
    errors = []

    def like(who):
        try:
            barrier.wait()
            post_like(user=who, post=post)
        except Exception as exc:  # any failure fails the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=like, args=(who,)) for who in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert PostLike.objects.filter(user=reader, post=post).count() == 1
    assert PostLike.objects.filter(post=post).count() == 5
    assert LikeSummary.objects.get(post=post).count == 5  # no like lost to the race either


def test_the_database_refuses_a_second_like_row(user, post):
    from django.db import IntegrityError, transaction

    PostLike.objects.create(user=user, post=post)
    with pytest.raises(IntegrityError), transaction.atomic():
        PostLike.objects.create(user=user, post=post)


def test_rerender_comments_gives_older_like_faces_the_initials_avatar(post, user):
    post_like(user=user, post=post)
    LikeSummary.objects.filter(post=post).update(faces=[{"name": "Old", "avatar": "/comments/avatar/0a.svg"}])
    out = io.StringIO()
    call_command("rerender_comments", stdout=out)
    assert "Rendered the likes of 1 post again." in out.getvalue()
    [face] = LikeSummary.objects.get(post=post).faces
    assert face["picture"] == avatar_html(name=user.get_full_name(), seed=user.email, lazy=True)
    assert "/comments/avatar/" not in json.dumps(face)
