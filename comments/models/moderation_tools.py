"""What moderators keep: saved short replies, and a record of every edit they make to a comment."""

from django.conf import settings
from django.db import models


class CannedReply(models.Model):
    """A short reply the clinician sends often; inserted on the reply page, edited, then sent."""

    title = models.CharField(max_length=80, unique=True, help_text="What you pick it by, e.g. “Book an assessment”.")
    text = models.TextField(max_length=3000)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = "canned reply"
        verbose_name_plural = "canned replies"

    def __str__(self):
        return self.title


class CommentEdit(models.Model):
    """A moderator's edit of a reader's comment: who, when, why, and what changed.

    ``changes`` holds each cut or change as ``{"removed": ..., "added": ...}`` with the removed
    text masked (digits as #, letters as x): the record shows what kind of thing was taken out
    without keeping the phone number or diagnosis it was there to remove.
    """

    comment = models.ForeignKey("comments.Comment", on_delete=models.CASCADE, related_name="moderator_edits")
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    edited_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=list)
    reader_told = models.BooleanField(default=False, help_text="An email went to the address given with the comment.")

    class Meta:
        ordering = ["-edited_at"]
        verbose_name = "moderator's edit"

    def __str__(self):
        return f"Edit of comment {self.comment_id} by {self.edited_by} on {self.edited_at:%Y-%m-%d}"
