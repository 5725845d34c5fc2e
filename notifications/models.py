from django.conf import settings
from django.db import models
from django.utils import timezone


class SubscriberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Subscriber.Status.ACTIVE)


class Subscriber(models.Model):
    """Someone who follows the blog by email: with or without an account, after double opt-in."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        ACTIVE = "active", "Following"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    email = models.EmailField(max_length=254, unique=True, help_text="Stored in lower case.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="blog_subscriptions",
        help_text="The account that subscribed, if any.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirm_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "subscriber"

    def __str__(self):
        return self.email


class Announcement(models.Model):
    """A post's announcement was prepared: one delivery row written for each subscriber then."""

    post = models.OneToOneField("posts.Post", on_delete=models.CASCADE, primary_key=True, related_name="announcement")
    created_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "announcement of a new post"
        verbose_name_plural = "announcements of new posts"

    def __str__(self):
        return f"Announcement of post {self.post_id}"


class Delivery(models.Model):
    """One email about one post to one subscriber: the database allows no second row."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped (unsubscribed first)"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "delivery"
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "post"], name="one_delivery_per_subscriber_and_post")
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="delivery_due")]

    def __str__(self):
        return f"Post {self.post_id} to subscriber {self.subscriber_id} ({self.status})"


class SentMail(models.Model):
    """The key of each queued email the worker has handed to the mail server.

    Written (and committed) right after the server accepted the message, and checked before
    sending, so a task handed out again after a worker died does not send its email twice; the
    only window left is between the server's acceptance and this row's commit.
    """

    key = models.UUIDField(primary_key=True)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "sent email key"

    def __str__(self):
        return str(self.key)
