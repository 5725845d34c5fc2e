"""``{% load notifications_admin %}``: the subscriber count for the admin dashboard."""

from django import template
from django.db.models import Count, Q

from notifications.models import Subscriber

register = template.Library()


@register.simple_tag
def subscriber_counts():
    """Following and waiting for confirmation, in one query."""
    return Subscriber.objects.aggregate(
        active=Count("pk", filter=Q(status=Subscriber.Status.ACTIVE)),
        pending=Count("pk", filter=Q(status=Subscriber.Status.PENDING)),
    )
