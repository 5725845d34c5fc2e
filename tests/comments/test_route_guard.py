"""One guard on every comment route (ours and django-comments-xtd's): nothing about a withdrawn,
draft or scheduled post leaks through a comment URL, except to staff who can see the post.

Every route under /comments/ is listed below with how to address the withdrawn post through it;
a route that appears without being listed fails ``test_every_comment_route_is_listed_and_guarded``.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from django_comments_xtd import signed as xtd_signed
from django_comments_xtd.conf import settings as xtd_settings

from comments.guard import comment_route_guard
from comments.models import Comment
from posts.models import Post
from tests.comments.factories import CommentFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TITLE = "A post that was withdrawn"


def comment_id(ctx):
    return (), {"comment_id": ctx["comment"].pk}, {}


def cid(ctx):
    return (), {"cid": ctx["comment"].pk}, {}


def positional(ctx):
    return (str(ctx["comment"].pk),), {}, {}


def done_page(ctx):
    return (), {}, {"c": str(ctx["comment"].pk)}


def confirm_key(ctx):
    return (), {"key": ctx["confirm_key"]}, {}


def mute_key(ctx):
    return (), {"key": ctx["mute_key"]}, {}


def redirect_to_object(ctx):
    return (str(ctx["content_type"].pk), str(ctx["post"].pk)), {}, {}


def api_list(ctx):
    return (), {"content_type": "posts-post", "object_pk": str(ctx["post"].pk)}, {}


def suffixed(case):
    """DRF's ``.json`` twin of a route: the same references plus ``format``."""

    def build(ctx):
        args, kwargs, query = case(ctx) if case else ((), {}, {})
        return args, {**kwargs, "format": "json"}, query

    return build


# Route (as the resolver spells it, under comments/) -> how the withdrawn post is reached through it.
GUARDED = {
    # Ours (comments/urls.py)
    r"^confirm/(?P<key>[^/]+)/$ confirm": confirm_key,
    r"^mute/(?P<key>[^/]+)/$ mute": mute_key,
    "reply/<int:cid>/ reply": cid,
    "flag/<int:comment_id>/ flag": comment_id,
    "like/<int:comment_id>/ like": comment_id,
    "dislike/<int:comment_id>/ dislike": comment_id,
    "approve/<int:comment_id>/ approve": comment_id,
    "delete/<int:comment_id>/ delete": comment_id,
    "in-context/<int:comment_id>/ in_context": comment_id,
    "answer/<int:comment_id>/ answer": comment_id,
    "feed/<slug:slug>/ post_feed": lambda ctx: ((), {"slug": ctx["post"].slug}, {}),
    "mine/<int:comment_id>/edit/ edit": comment_id,
    "likes/<int:post_id>/ like_post": lambda ctx: ((), {"post_id": ctx["post"].pk}, {}),
    "form-stamp/<int:post_id>/ form_stamp": lambda ctx: ((), {"post_id": ctx["post"].pk}, {}),
    r"^cr/(\d+)/(.+)/$ content_redirect": redirect_to_object,
    # django-comments-xtd's (comments/xtd_urls.py), and django_comments' under them
    "^sent/$ comments-xtd-sent": done_page,
    r"^confirm/(?P<key>[^/]+)/$ comments-xtd-confirm": confirm_key,
    r"^mute/(?P<key>[^/]+)/$ comments-xtd-mute": mute_key,
    r"^reply/(?P<cid>\d+)/$ comments-xtd-reply": cid,
    r"^flag/(\d+)/$ comments-flag": positional,
    r"^like/(\d+)/$ comments-xtd-like": positional,
    "^liked/$ comments-xtd-like-done": done_page,
    r"^dislike/(\d+)/$ comments-xtd-dislike": positional,
    "^disliked/$ comments-xtd-dislike-done": done_page,
    r"api/^(?P<content_type>\w+-\w+)/(?P<object_pk>[-\w]+)/$ comments-xtd-api-list": api_list,
    r"api/^(?P<content_type>\w+-\w+)/(?P<object_pk>[-\w]+)/count/$ comments-xtd-api-count": api_list,
    "posted/ comments-comment-done": done_page,
    "flag/<int:comment_id>/ comments-flag": comment_id,
    "flagged/ comments-flag-done": done_page,
    "delete/<int:comment_id>/ comments-delete": comment_id,
    "deleted/ comments-delete-done": done_page,
    "approve/<int:comment_id>/ comments-approve": comment_id,
    "approved/ comments-approve-done": done_page,
    r"^cr/(\d+)/(.+)/$ comments-url-redirect": redirect_to_object,
}
# Routes that name no comment or post: the comment form (its target is checked by the view), a
# reader's own pages and data link, identicons, and the switched-off API.
NO_TARGET = {
    "post/ post",
    r"^avatar/(?P<key>[0-9a-f]{20})\.svg$ identicon",
    "mine/ mine",
    "mine/export.json export",
    "mine/delete-account/ delete_account",
    "my-data/ data_request",
    "my-data/<str:token>/ my_data",
    "^api/ api_switched_off",
    "api/comment/ comments-xtd-api-create",
    "api/preview/ comments-xtd-api-preview",
    "api/feedback/ comments-xtd-api-feedback",
    "api/flag/ comments-xtd-api-flag",
    "post/ comments-post-comment",
}
# Answers whatever the post's state: a reader may always delete their own comment.
EXEMPT = {"mine/<int:comment_id>/delete/ delete_own"}


def comment_routes():
    """(route, callback) for every URL under comments/, as the root URLconf resolves them."""

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            else:
                yield f"{prefix}{entry.pattern} {entry.name}", entry.callback

    return [
        (route.removeprefix("comments/"), view)
        for route, view in walk(get_resolver().url_patterns, "")
        if route.startswith("comments/")
    ]


def unsuffixed(route):
    """The plain route a DRF suffix route was made from (``^sent\\.(?P<format>…)`` -> ``^sent/$``)."""
    route = route.replace(r"\.(?P<format>[a-z0-9]+)/?$", "/$").replace("<drf_format_suffix:format>", "/")
    return route


def all_cases():
    cases = []
    for route, _ in comment_routes():
        if "format" in route:
            base = unsuffixed(route)
            cases.append((route, suffixed(GUARDED.get(base))))
        elif route in GUARDED:
            cases.append((route, GUARDED[route]))
    return cases


@pytest.fixture
def withdrawn(client, post, comment_form, mailoutbox):
    """A post with an approved comment, an unconfirmed comment's link and a mute link, then withdrawn."""
    Post.objects.filter(pk=post.pk).update(title=TITLE)
    post.refresh_from_db()
    comment = CommentFactory(post=post, user_name="Ada", followup=True, comment="Does this help the hip?")
    client.post("/comments/post/", comment_form(post, email="new.reader@example.org"))
    link = next(m for m in mailoutbox if m.to == ["new.reader@example.org"])
    key = re.search(r"/comments/confirm/([^/\s]+)/", link.body).group(1)
    ctx = {
        "post": post,
        "comment": comment,
        "content_type": ContentType.objects.get_for_model(Post),
        "confirm_key": key,
        "mute_key": xtd_signed.dumps(comment, compress=True, extra_key=xtd_settings.COMMENTS_XTD_SALT).decode(),
    }
    Post.objects.filter(pk=post.pk).update(status=Post.Status.DRAFT)
    return ctx


def call(view, ctx, build, user=None):
    args, kwargs, query = build(ctx)
    request = RequestFactory().get("/comments/x/", query)
    request.user = user or AnonymousUser()
    return view(request, *args, **kwargs)


def test_every_comment_route_is_listed_and_guarded():
    routes = comment_routes()
    assert len(routes) > 60
    unlisted = [
        route
        for route, _ in routes
        if route not in GUARDED and route not in NO_TARGET and route not in EXEMPT and "format" not in route
    ]
    assert unlisted == [], "a new comment route: add it to GUARDED (or NO_TARGET, with a reason)"
    unguarded = [
        route for route, view in routes if not getattr(view, "comment_route_guard", False) and route not in EXEMPT
    ]
    assert unguarded == []
    assert {route for route, _ in routes} >= set(GUARDED)


@pytest.mark.parametrize("route", [route for route, _ in all_cases()])
def test_a_withdrawn_post_is_a_404_on_every_route(withdrawn, route):
    view = dict(comment_routes())[route]
    build = dict(all_cases())[route]
    with pytest.raises(Http404):
        call(view, withdrawn, build)
    with pytest.raises(Http404):
        call(view, withdrawn, build, user=UserFactory())


@pytest.mark.parametrize("route", sorted(GUARDED))
def test_the_guard_lets_every_route_through_for_staff_and_for_a_published_post(withdrawn, route):
    build = GUARDED[route]
    passed = comment_route_guard(lambda request, *args, **kwargs: "reached the view")
    assert call(passed, withdrawn, build, user=UserFactory(is_staff=True)) == "reached the view"
    Post.objects.filter(pk=withdrawn["post"].pk).update(status=Post.Status.PUBLISHED)
    assert call(passed, withdrawn, build) == "reached the view"


def test_a_scheduled_post_is_guarded_like_a_withdrawn_one(withdrawn):
    Post.objects.filter(pk=withdrawn["post"].pk).update(
        status=Post.Status.PUBLISHED, published_at=timezone.now() + datetime.timedelta(days=3)
    )
    with pytest.raises(Http404):
        call(comment_route_guard(lambda request, **kwargs: "no"), withdrawn, comment_id)


@pytest.mark.parametrize(
    "url",
    [
        "/comments/sent/?c={c}",
        "/comments/in-context/{c}/",
        "/comments/approved/?c={c}",
        "/comments/flagged/?c={c}",
        "/comments/liked/?c={c}",
        "/comments/disliked/?c={c}",
        "/comments/posted/?c={c}",
        "/comments/deleted/?c={c}",
        "/comments/reply/{c}/",
        "/comments/sent.json?c={c}",
    ],
)
def test_the_pages_that_leaked_the_title_answer_404_without_it(client, post, url):
    comment = CommentFactory(post=post)
    Post.objects.filter(pk=post.pk).update(title=TITLE)
    before = client.get(url.format(c=comment.pk))
    assert before.status_code in (200, 302) or url.startswith("/comments/sent.json")
    Post.objects.filter(pk=post.pk).update(status=Post.Status.DRAFT)
    after = client.get(url.format(c=comment.pk))
    assert after.status_code == 404
    assert TITLE not in after.content.decode() and post.slug not in after.content.decode()


def test_staff_still_reach_a_comment_on_a_draft_in_context(client, post):
    comment = CommentFactory(post=post)
    Post.objects.filter(pk=post.pk).update(status=Post.Status.DRAFT)
    staff = Client()
    staff.force_login(UserFactory(is_staff=True))
    assert staff.get(f"/comments/in-context/{comment.pk}/").status_code == 302


def test_hostile_references_are_404s_not_500s(client, post):
    for url in [
        "/comments/sent/?c=1e9",
        "/comments/sent/?c=" + "9" * 40,
        "/comments/liked/?c=-1",
        "/comments/cr/1/abc/",
    ]:
        assert client.get(url).status_code == 404, url


def test_a_reader_may_delete_their_own_comment_on_a_withdrawn_post(client, post):
    reader = UserFactory()
    mine = CommentFactory(post=post, user=reader)
    Post.objects.filter(pk=post.pk).update(status=Post.Status.DRAFT)
    client.force_login(reader)
    assert client.post(f"/comments/mine/{mine.pk}/delete/").status_code == 302
    assert Comment.objects.get(pk=mine.pk).state == Comment.State.REMOVED


def test_the_sent_page_for_an_unconfirmed_comment_is_guarded_too(client, post, comment_form):
    sent = client.post("/comments/post/", comment_form(post))
    assert not sent.url.split("?c=")[1].isdigit()
    assert client.get(sent.url).status_code == 200
    Post.objects.filter(pk=post.pk).update(status=Post.Status.DRAFT)
    hidden = client.get(sent.url)
    assert hidden.status_code == 404 and post.title not in hidden.content.decode()
