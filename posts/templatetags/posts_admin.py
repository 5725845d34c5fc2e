"""The admin dashboard's writing summary: ``{% load posts_admin %}``."""

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from posts.models import AnatomyTopic, Condition, Exercise, Post
from posts.models.library import review_overdue_q

register = template.Library()


@register.simple_tag
def writing_summary():
    """Drafts, scheduled posts and content due for review: four small queries."""
    posts = Post.objects.aggregate(
        drafts=Count("pk", filter=Q(status=Post.Status.DRAFT)),
        scheduled=Count("pk", filter=Q(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())),
        overdue=Count("pk", filter=review_overdue_q()),
    )
    library_overdue = sum(
        model.objects.filter(review_overdue_q()).count() for model in (AnatomyTopic, Condition, Exercise)
    )
    return {**posts, "review_overdue": posts["overdue"] + library_overdue}
