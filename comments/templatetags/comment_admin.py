"""``{% load comment_admin %}``: the moderation queue's counts for the admin menu and dashboard."""

from django import template
from django.db.models import Count, Q

register = template.Library()

QUEUE_MODELS = {"PendingComment": "pending", "SpamComment": "spam", "FlaggedComment": "flagged"}


def queue_counts(request):
    """Pending, spam and flagged counts in two queries, computed once per request."""
    cached = getattr(request, "_comment_queue_counts", None)
    if cached is not None:
        return cached
    from comments.admin import CommentAdmin
    from comments.models import Comment

    counts = {"pending": 0, "spam": 0, "flagged": 0}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.has_perm("comments.view_comment"):
        # The same visibility as the admin lists: authors count only their own posts' comments.
        visible = CommentAdmin(Comment, None).get_queryset(request).order_by()
        by_state = visible.aggregate(
            pending=Count("pk", filter=Q(state=Comment.State.PENDING)),
            spam=Count("pk", filter=Q(state=Comment.State.SPAM)),
        )
        counts.update(by_state, flagged=visible.flagged().count())
    request._comment_queue_counts = counts
    return counts


@register.simple_tag(takes_context=True)
def comment_queue_counts(context):
    return queue_counts(context.get("request"))


@register.simple_tag(takes_context=True)
def comment_queue_badge(context, object_name):
    """The number to show beside a queue's name in the admin menu ("" for other models)."""
    key = QUEUE_MODELS.get(object_name)
    if key is None:
        return ""
    return queue_counts(context.get("request"))[key]
