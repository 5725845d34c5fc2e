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
    photo = models.ForeignKey(
        "posts.Image", null=True, blank=True, on_delete=models.PROTECT, related_name="author_profiles"
    )
    photo_alt = models.CharField(max_length=200, blank=True, help_text="Left empty, the library's alt text is used.")
    booking_url = models.URLField(blank=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name

    @property
    def photo_alt_text(self):
        if not self.photo_id:
            return ""
        return self.photo_alt.strip() or self.photo.alt or self.display_name

    def save(self, *args, **kwargs):
        self.bio = clean_html(self.bio)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("posts:author", kwargs={"slug": self.slug})


def display_name(user):
    """How the admin names a writer: their author profile's name, else their full name, else the username."""
    if user is None:
        return ""
    try:
        profile = user.author_profile
    except AuthorProfile.DoesNotExist:
        profile = None
    return profile.display_name if profile else (user.get_full_name() or user.get_username())
