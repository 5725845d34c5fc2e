"""Writes that touch several models at once (HackSoft style: ``<thing>_<action>``)."""

import operator
from functools import reduce

from django.db import transaction
from django.db.models import Q

from posts.rendering import render_body


@transaction.atomic
def topic_mentions_refresh(*, terms, old_url=None):
    """Re-render the posts that mention ``terms`` or link ``old_url``, in one pass.

    Called when an anatomy topic is created, renamed, given new aliases or a new
    pronunciation, moved to a new slug or deleted. Three queries, however many posts (one more
    when they show library images): the topics, the posts, one bulk update. Returns how many changed.
    """
    from posts.media.rendering import load_media
    from posts.mentions import load_mention_targets
    from posts.models import Post

    conditions = [Q(body__icontains=term) for term in {t.strip() for t in terms} if term]
    if old_url:
        conditions.append(Q(body_html__contains=f'href="{old_url}"'))
    if not conditions:
        return 0
    posts = list(
        Post.objects.filter(reduce(operator.or_, conditions)).only("pk", "body", "body_html", "featured_image")
    )
    if not posts:
        return 0
    targets = load_mention_targets()
    media = load_media(post.body for post in posts)
    changed = []
    for post in posts:
        rendered = render_body(post.body, transforms=post.body_transforms(mention_targets=targets, media=media))
        if rendered.html != post.body_html:
            post.body_html, post.toc, post.reading_time = rendered.html, rendered.toc, rendered.reading_minutes
            changed.append(post)
    Post.objects.bulk_update(changed, ["body_html", "toc", "reading_time"], batch_size=200)
    return len(changed)


@transaction.atomic
def post_publish(*, post, at=None):
    """Publish ``post`` at ``at``, or at the future time it already has, or now.

    A future time schedules it: the post appears on its own, because visibility is a query.
    """
    from django.utils import timezone

    from posts.models import Post

    now = timezone.now()
    post.status = Post.Status.PUBLISHED
    if at is not None:
        post.published_at = at
    elif post.published_at is None or post.published_at <= now:
        post.published_at = now
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def post_unpublish(*, post):
    """Back to draft: readers get 404 at once; ``published_at`` is kept for when it returns."""
    from posts.models import Post

    post.status = Post.Status.DRAFT
    post.full_clean()
    post.save()
    return post
