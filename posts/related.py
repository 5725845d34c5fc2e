"""Related reading: the published posts that share the most topics, conditions and tags with a post.

Computed in one query and kept in the cache, so a warm post page pays nothing for it. Any
post saved or deleted, or given other topics, conditions or tags, starts a new cache
generation (``forget_related_reading``), so an unpublished post never lingers in a list.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from taggit.models import TaggedItem

from .models import Post

# A shared anatomy topic says more about what two posts discuss than a shared tag.
TOPIC_WEIGHT, CONDITION_WEIGHT, TAG_WEIGHT = 3, 2, 1


def _shared(through, owner, field, ids, **extra):
    """How many of ``ids`` the outer post shares through ``through`` (a correlated count)."""
    rows = through.objects.filter(**{owner: OuterRef("pk"), f"{field}__in": ids}, **extra)
    return Coalesce(
        Subquery(rows.order_by().values(owner).annotate(n=Count("*")).values("n")[:1], output_field=IntegerField()),
        Value(0),
    )


def related_posts(post, *, limit=3):
    """Up to ``limit`` published posts, best match first: one query.

    Reads the post's topics, conditions and tags from what the detail view prefetched, so it
    costs nothing more than the one ranked query (content types are cached per process).
    """
    topic_ids = [topic.pk for topic in post.topics.all()]
    condition_ids = [condition.pk for condition in post.conditions.all()]
    tag_ids = [tag.pk for tag in post.tags.all()]
    if not (topic_ids or condition_ids or tag_ids):
        return []
    post_type = ContentType.objects.get_for_model(Post)
    topics, conditions = Post.topics.through, Post.conditions.through
    shares = Q()
    if topic_ids:
        shares |= Q(pk__in=topics.objects.filter(anatomytopic_id__in=topic_ids).values("post_id"))
    if condition_ids:
        shares |= Q(pk__in=conditions.objects.filter(condition_id__in=condition_ids).values("post_id"))
    if tag_ids:
        tagged = TaggedItem.objects.filter(content_type=post_type, tag_id__in=tag_ids).values("object_id")
        shares |= Q(pk__in=tagged)
    parts = []
    if topic_ids:
        parts.append(_shared(topics, "post_id", "anatomytopic_id", topic_ids) * TOPIC_WEIGHT)
    if condition_ids:
        parts.append(_shared(conditions, "post_id", "condition_id", condition_ids) * CONDITION_WEIGHT)
    if tag_ids:
        parts.append(_shared(TaggedItem, "object_id", "tag_id", tag_ids, content_type=post_type) * TAG_WEIGHT)
    score = sum(parts[1:], parts[0])
    return list(
        Post.objects.published()
        .filter(shares)
        .exclude(pk=post.pk)
        .annotate(relatedness=score)
        .only("title", "slug", "excerpt", "published_at", "reading_time")
        .order_by("-relatedness", "-published_at", "-pk")[:limit]
    )


GENERATION_KEY = "posts:related:generation"


@dataclass(frozen=True)
class RelatedPost:
    title: str
    url: str
    excerpt: str
    published_at: object
    reading_time: int


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        generation = cache.get(GENERATION_KEY)
    return generation


def forget_related_reading():
    """Start a new generation: every cached list is recomputed when next asked for."""
    cache.set(GENERATION_KEY, time.time_ns(), None)


def related_reading(post, *, limit=3):
    """``related_posts`` as plain values, from the cache when it has them (no query then)."""
    key = f"posts:related:{post.pk}:{_generation()}"
    found = cache.get(key)
    if found is None:
        found = [
            RelatedPost(
                title=other.title,
                url=other.get_absolute_url(),
                excerpt=other.excerpt,
                published_at=other.published_at,
                reading_time=other.reading_time,
            )
            for other in related_posts(post, limit=limit)
        ]
        cache.set(key, found, settings.RELATED_READING_CACHE_SECONDS)
    return found
