"""The media library's records: one ``Image`` row per uploaded picture, with its renditions.

Images are written only through ``posts.media.services`` (``image_create``), which verifies
and normalises the file; the rows here hold what a page needs to show it without layout shift.
"""

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property

DEFAULT_SIZES = "(min-width: 44rem) 42rem, 100vw"


class ImageQuerySet(models.QuerySet):
    def search(self, query):
        query = (query or "").strip()
        if not query:
            return self
        return self.filter(models.Q(title__icontains=query) | models.Q(alt__icontains=query))


class Image(models.Model):
    """A picture in the library, usable as a featured image, an illustration or in a body."""

    file = models.FileField("original", upload_to="images/", max_length=255, editable=False)
    title = models.CharField(max_length=200, blank=True, help_text="For finding it in the library.")
    alt = models.CharField(
        "alt text",
        max_length=250,
        help_text="What the image shows, for readers who cannot see it (a post may say it differently).",
    )
    caption = models.CharField(max_length=300, blank=True, help_text="Shown under the image, optional.")
    credit = models.CharField(max_length=200, blank=True, help_text="Who made it, if not the clinic.")
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    format = models.CharField(max_length=8, editable=False)
    file_size = models.PositiveIntegerField("size in bytes", editable=False, default=0)
    # [{"width": 960, "height": 640, "name": "images/ab/…/960w.webp", "type": "image/webp"}, …], smallest first.
    renditions = models.JSONField(default=list, editable=False)
    content_hash = models.CharField(max_length=64, db_index=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title or self.alt[:60] or f"Image {self.pk}"

    def get_absolute_url(self):
        return reverse("admin:posts_image_change", args=[self.pk])

    # --- What templates and the SEO helpers read --------------------------------------

    def _of_type(self, mime_type):
        return [r for r in self.renditions if r["type"] == mime_type]

    @cached_property
    def fallback_renditions(self):
        """The JPEG / PNG (or WebP, GIF) renditions every browser can show, smallest first."""
        webp = "image/webp"
        others = [r for r in self.renditions if r["type"] != webp]
        return others or self._of_type(webp)

    @cached_property
    def webp_renditions(self):
        return self._of_type("image/webp") if self.format != "webp" else []

    @cached_property
    def largest(self):
        return self.fallback_renditions[-1] if self.fallback_renditions else None

    @property
    def url(self):
        """The largest rendition (at most 1600 px wide): for og:image, feeds and plain ``<img>``."""
        return default_storage.url(self.largest["name"]) if self.largest else self.file.url

    @property
    def display_width(self):
        return self.largest["width"] if self.largest else self.width

    @property
    def display_height(self):
        return self.largest["height"] if self.largest else self.height

    @property
    def thumbnail_url(self):
        smallest = (self.webp_renditions or self.fallback_renditions or [None])[0]
        return default_storage.url(smallest["name"]) if smallest else self.file.url

    @staticmethod
    def _srcset(renditions):
        return ", ".join(f"{default_storage.url(r['name'])} {r['width']}w" for r in renditions)

    @property
    def srcset(self):
        return self._srcset(self.fallback_renditions)

    @property
    def webp_srcset(self):
        return self._srcset(self.webp_renditions)

    @property
    def mime_type(self):
        return self.largest["type"] if self.largest else f"image/{self.format}"

    def as_json(self):
        """What the editor's picker needs to insert the image."""
        return {
            "id": self.pk,
            "src": self.url,
            "alt": self.alt,
            "caption": self.caption,
            "width": self.display_width,
            "height": self.display_height,
            "thumbnail": self.thumbnail_url,
            "title": str(self),
        }


class Video(models.Model):
    """A video file kept on our own storage, for readers who should not be sent to YouTube."""

    file = models.FileField(upload_to="videos/", max_length=255, editable=False)
    title = models.CharField(max_length=200, help_text="What the video shows; readers see it under the player.")
    mime_type = models.CharField(max_length=20, editable=False)
    file_size = models.PositiveBigIntegerField("size in bytes", editable=False, default=0)
    content_hash = models.CharField(max_length=64, db_index=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def url(self):
        return self.file.url

    def as_json(self):
        return {"id": self.pk, "url": self.url, "title": self.title, "type": self.mime_type}
