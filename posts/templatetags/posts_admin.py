"""The admin dashboard's writing summary: ``{% load posts_admin %}``."""

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from posts.models import AnatomyTopic, Condition, Exercise, Post
from posts.models.library import review_overdue_q

register = template.Library()

DASHBOARD_ROWS = 5


@register.simple_tag(takes_context=True)
def writing_summary(context):
    """Drafts (yours, or everyone's if you may edit them), scheduled and latest posts, reviews due.

    Seven small queries, however many posts there are.
    """
    user = context["request"].user
    now = timezone.now()
    posts = Post.objects.select_related("author__author_profile").only(
        "pk", "title", "slug", "status", "published_at", "updated_at", "author__username", "author__first_name",
        "author__last_name", "author__author_profile__display_name",
    )  # fmt: skip
    draft_q = Q(status=Post.Status.DRAFT)
    if not user.has_perm("posts.edit_others_posts"):
        draft_q &= Q(author=user)
    scheduled_q = Q(status=Post.Status.PUBLISHED, published_at__gt=now)
    drafts, scheduled = posts.filter(draft_q), posts.filter(scheduled_q)
    counts = Post.objects.aggregate(
        drafts=Count("pk", filter=draft_q),
        scheduled=Count("pk", filter=scheduled_q),
        overdue=Count("pk", filter=review_overdue_q()),
    )
    library_overdue = sum(
        model.objects.filter(review_overdue_q()).count() for model in (AnatomyTopic, Condition, Exercise)
    )
    return {
        **counts,
        "review_overdue": counts["overdue"] + library_overdue,
        "draft_list": list(drafts.order_by("-updated_at")[:DASHBOARD_ROWS]),
        "scheduled_list": list(scheduled.order_by("published_at")[:DASHBOARD_ROWS]),
        "latest_list": list(posts.published().order_by("-published_at")[:DASHBOARD_ROWS]),
    }
