"""When the next scheduled post goes live: no cached page may outlive that moment."""

from django.utils import timezone

from posts.models import Post


def seconds_to_next_publication():
    upcoming = (
        Post.objects.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    if upcoming is None:
        return None
    return (upcoming - timezone.now()).total_seconds()
