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
    pronunciation, moved to a new slug or deleted. Three queries, however many posts:
    the topics, the affected posts, one bulk update. Returns the number of posts updated.
    """
    from posts.mentions import load_mention_targets
    from posts.models import Post

    conditions = [Q(body__icontains=term) for term in {t.strip() for t in terms} if term]
    if old_url:
        conditions.append(Q(body_html__contains=f'href="{old_url}"'))
    if not conditions:
        return 0
    posts = list(Post.objects.filter(reduce(operator.or_, conditions)).only("pk", "body", "body_html"))
    if not posts:
        return 0
    targets = load_mention_targets()
    changed = []
    for post in posts:
        rendered = render_body(post.body, transforms=post.body_transforms(mention_targets=targets))
        if rendered.html != post.body_html:
            post.body_html, post.toc, post.reading_time = rendered.html, rendered.toc, rendered.reading_minutes
            changed.append(post)
    Post.objects.bulk_update(changed, ["body_html", "toc", "reading_time"], batch_size=200)
    return len(changed)
