from django.db import models


class ImportedItem(models.Model):
    """One WordPress object and the row it became here: keys a second import and old ``?p=`` links."""

    class Kind(models.TextChoices):
        AUTHOR = "author", "Author"
        CATEGORY = "category", "Category"
        TAG = "tag", "Tag"
        POST = "post", "Post"
        PAGE = "page", "Page"
        ATTACHMENT = "attachment", "Attachment"
        COMMENT = "comment", "Comment"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    wp_id = models.PositiveBigIntegerField("WordPress id")
    object_id = models.PositiveBigIntegerField(help_text="The primary key of the row it became.")
    old_path = models.CharField(max_length=300, blank=True, help_text="Its address on the WordPress site.")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "imported WordPress item"
        constraints = [models.UniqueConstraint(fields=["kind", "wp_id"], name="wordpress_item_once")]
        indexes = [models.Index(fields=["kind", "object_id"], name="wordpress_item_target")]

    def __str__(self):
        return f"WordPress {self.kind} {self.wp_id} → {self.object_id}"
