"""Review reminders: an hourly periodic job of the task worker (``notifications.queue.SCHEDULES``)."""

import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from posts.models import AnatomyTopic, Condition, Exercise, Post
from posts.models.library import review_overdue_cutoff, review_overdue_q

from .models import ReviewReminder

logger = logging.getLogger(__name__)


def _due():
    """Published posts and every library entry whose review is overdue (the admin's definition)."""
    yield from Post.objects.published().filter(review_overdue_q()).select_related("author")
    for model in (AnatomyTopic, Condition, Exercise):
        yield from model.objects.filter(review_overdue_q()).select_related("author")


def review_reminders_send(*, today=None):
    """Email each author about their content that passed its review date since the last run, once.

    One email per author; each item is recorded (content, review cycle) before the email is
    queued, in one transaction, so a crash or a second worker never sends it twice.
    """
    cutoff = review_overdue_cutoff(today)
    by_author = defaultdict(list)
    for item in _due():
        if item.author_id and item.author.email:
            by_author[item.author].append(item)
    sent = 0
    for author, items in by_author.items():
        with transaction.atomic():
            fresh = []
            for item in items:
                cycle = item.last_reviewed.isoformat() if item.last_reviewed else "never"
                try:
                    with transaction.atomic():
                        ReviewReminder.objects.create(
                            content_type=ContentType.objects.get_for_model(item),
                            object_id=item.pk,
                            cycle=cycle,
                            recipient=author,
                        )
                except IntegrityError:
                    continue  # already reminded in this cycle
                fresh.append(item)
            if not fresh:
                continue
            context = {
                "author": author,
                "items": [
                    {
                        "title": str(item),
                        "kind": item._meta.verbose_name,
                        "last_reviewed": item.last_reviewed,
                        "admin_url": settings.SITE_URL
                        + reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_change", args=[item.pk]),
                    }
                    for item in fresh
                ],
                "months": getattr(settings, "REVIEW_OVERDUE_MONTHS", 12),
                "cutoff": cutoff,
                "site_name": settings.SITE_NAME,
                "overdue_url": settings.SITE_URL + reverse("admin:posts_review_overdue"),
            }
            send_mail(
                subject=f"[{settings.SITE_NAME}] Due for review: {len(fresh)} item{'s' if len(fresh) != 1 else ''}",
                message=render_to_string("posts/reviews/reminder.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[author.email],
            )
            sent += len(fresh)
            logger.info("Review reminder for %s item(s) queued for user %s", len(fresh), author.pk)
    return sent
