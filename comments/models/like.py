from django.conf import settings
from django.db import models
from django.utils import timezone


class PostLike(models.Model):
    """A reader likes a post: one row per (reader, post), enforced by the database."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_likes")
    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "post like"
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="one_like_per_reader_and_post")]
        indexes = [models.Index(fields=["post", "-created_at"], name="post_likes_newest")]

    def __str__(self):
        return f"{self.user} likes {self.post}"


class LikeSummary(models.Model):
    """What a post page shows of its likes, kept in step with ``PostLike`` by ``comments.likes.services``.

    The count and the newest ten faces (name and the avatar's HTML, as on comments) are read with the comment
    counts in one query, so the page costs the same whatever the number of likes.
    """

    post = models.OneToOneField("posts.Post", on_delete=models.CASCADE, primary_key=True, related_name="like_summary")
    count = models.PositiveIntegerField(default=0)
    faces = models.JSONField(
        default=list, blank=True, help_text='[{"name": ..., "picture": <avatar HTML>}], newest first'
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "likes of a post"
        verbose_name_plural = "likes of posts"

    def __str__(self):
        return f"{self.count} likes of post {self.post_id}"
