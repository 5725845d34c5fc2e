from django.db import models
from django.utils import timezone


class OutboxMessage(models.Model):
    """An email waiting to be sent by ``manage.py send_queued_mail``.

    Requests only write this row (in their own transaction), so a reader never waits on
    the mail server and a restarted worker loses nothing.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (gave up)"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    subject = models.CharField(max_length=998)
    from_email = models.CharField(max_length=320)
    to = models.JSONField(default=list)
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    body = models.TextField(blank=True)
    alternatives = models.JSONField(default=list, blank=True, help_text="[[content, mimetype], ...]")
    attachments = models.JSONField(default=list, blank=True, help_text="[[filename, base64, mimetype], ...]")
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outgoing email"
        verbose_name_plural = "outgoing email"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"
