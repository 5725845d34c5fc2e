from django.conf import settings
from django.db import models


class ReaderAvatar(models.Model):
    """A reader's picture, copied from their social account to our own storage at login.

    Readers' browsers then load it from this site, never from the provider.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader_avatar")
    image = models.ImageField(upload_to="avatars/", blank=True)
    provider = models.CharField(max_length=60, blank=True, help_text="The social account it came from.")
    source_url = models.URLField(max_length=1000, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "reader avatar"

    def __str__(self):
        return f"Avatar of {self.user}"
