"""Liking and unliking a post; the page's summary (count and faces) changes in the same transaction."""

from django.db import IntegrityError, transaction

from comments.adapters import display_name
from comments.avatars import avatar_html, loaded_avatar
from comments.byline import avatar_src
from comments.models import LikeSummary, PostLike

FACES = 10


def face(user):
    """A liker as the page shows them: name and picture, never an email.

    The picture is the one their comments carry (copied image, or initials on the same colour),
    rendered here once, as bylines are, so the page only joins stored strings.
    """
    name = display_name(user)
    avatar = loaded_avatar(user)
    src = avatar_src(avatar_image=avatar.image.name if avatar is not None and avatar.image else "", email=user.email)
    return {"name": name, "picture": avatar_html(src=src, name=name, seed=user.email or user.get_username(), lazy=True)}


@transaction.atomic
def post_like(*, user, post):
    """``user`` likes ``post``; liking twice (two tabs, a double click) stores one like. Returns the summary."""
    if not user.is_authenticated:
        raise PermissionError("Only readers with an account can like posts.")
    like = PostLike(user=user, post=post)
    like.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            like.save()
    except IntegrityError:  # already liked, perhaps a moment ago in another request
        pass
    return likes_summarise(post_id=post.pk)


@transaction.atomic
def post_unlike(*, user, post):
    PostLike.objects.filter(user=user, post=post).delete()
    return likes_summarise(post_id=post.pk)


@transaction.atomic
def likes_summarise(*, post_id):
    """Count the post's likes and take the newest faces again, under a lock on the summary row.

    Concurrent likes of one post take turns here, so the count is never lost to a race.
    """
    summary, _ = LikeSummary.objects.select_for_update().get_or_create(post_id=post_id)
    likes = PostLike.objects.filter(post_id=post_id)
    summary.count = likes.count()
    newest = likes.select_related("user", "user__reader_avatar").order_by("-created_at", "-pk")[:FACES]
    summary.faces = [face(like.user) for like in newest]
    summary.full_clean(exclude=["post"])
    summary.save()
    return summary


def likes_refresh_for_user(*, user_id):
    """A reader's name or picture changed, or they left: the posts they liked show it."""
    for post_id in PostLike.objects.filter(user_id=user_id).values_list("post_id", flat=True):
        likes_summarise(post_id=post_id)


def likes_rerender():
    """Take every post's faces again (after an upgrade to initials avatars, or a change of
    ``COMMENTS_GRAVATAR``); returns how many posts' likes were rendered."""
    post_ids = list(LikeSummary.objects.order_by("post_id").values_list("post_id", flat=True))
    for post_id in post_ids:
        likes_summarise(post_id=post_id)
    return len(post_ids)
