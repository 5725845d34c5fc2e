from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ReviewReminder(models.Model):
    """One reminder sent: for this piece of content, in this review cycle (its last review date).

    Reviewing the content again starts a new cycle, so the next time it falls due the author
    hears again; within a cycle, never twice.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    cycle = models.CharField(max_length=10, help_text="The last review date it was due from, or “never”.")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "cycle"], name="review_reminder_once")
        ]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id}, due since the review of {self.cycle}"
