from django.conf import settings
from django.db import models
from django.urls import reverse

from posts.sanitizer import clean_html


class AuthorProfile(models.Model):
    """The public face of a writer: credentials matter on health content."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="author_profile")
    slug = models.SlugField(unique=True)
    display_name = models.CharField(max_length=120)
    credentials = models.CharField(
        max_length=200, blank=True, help_text="e.g. Chartered physiotherapist, MSc Sports Medicine"
    )
    bio = models.TextField(blank=True, help_text="HTML; sanitised on save.")
    photo = models.ImageField(upload_to="authors/", blank=True)
    photo_alt = models.CharField(max_length=200, blank=True)
    booking_url = models.URLField(blank=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.bio = clean_html(self.bio)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("posts:author", kwargs={"slug": self.slug})
