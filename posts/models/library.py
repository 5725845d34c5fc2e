"""What every library entry (anatomy topic, condition, exercise) has in common."""

import datetime
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from posts.sanitizer import clean_html

from .review import ReviewedContent
from .slugs import unique_slug

ALIAS_SEPARATORS = re.compile(r"[,\n;]+")


def split_aliases(text):
    return [alias.strip() for alias in ALIAS_SEPARATORS.split(text or "") if alias.strip()]


def split_lines(text):
    """Non-empty, stripped lines: how steps, cues, cautions and symptoms are typed."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def review_overdue_cutoff(today=None):
    """Content last reviewed before this date is overdue (``REVIEW_OVERDUE_MONTHS``)."""
    today = today or timezone.localdate()
    months = getattr(settings, "REVIEW_OVERDUE_MONTHS", 12)
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(today.day, last_day))


def review_overdue_q(today=None):
    """Never reviewed, or last reviewed before the cutoff. Works for any ReviewedContent."""
    return Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=review_overdue_cutoff(today))


class LibraryQuerySet(models.QuerySet):
    def review_overdue(self, today=None):
        return self.filter(review_overdue_q(today))

    def with_writer(self):
        return self.select_related("author__author_profile", "reviewed_by__author_profile")


class LibraryEntry(ReviewedContent):
    """A named, reviewed piece of clinical content with its own page."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True, blank=True, help_text="Left empty, it is made from the name.")
    aliases = models.TextField(
        blank=True,
        help_text="Other names readers use, separated by commas (e.g. psoas, hip flexors). "
        "They are searched and, for anatomy topics, linked in posts.",
    )
    summary = models.TextField(blank=True, help_text="One or two plain sentences for lists and search engines.")
    body = models.TextField(blank=True, help_text="HTML; sanitised on every save.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="written by",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LibraryQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def alias_list(self):
        return split_aliases(self.aliases)

    @property
    def review_overdue(self):
        return self.last_reviewed is None or self.last_reviewed < review_overdue_cutoff()

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.name, instance_pk=self.pk, max_length=120)
        self.aliases = ", ".join(self.alias_list)
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)
