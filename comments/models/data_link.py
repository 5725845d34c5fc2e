import hashlib
import secrets

from django.db import models
from django.utils import timezone


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class DataLinkQuerySet(models.QuerySet):
    def for_token(self, token):
        """The link a token opens, or None (only its sha256 is stored, so a database leak opens nothing)."""
        if not token or len(token) > 100:
            return None
        return self.filter(token_hash=hash_token(token)).first()


class DataLink(models.Model):
    """A "see and erase my comments" link mailed to a reader without an account.

    The URL carries an opaque random token, never the address; only the token's sha256 is kept.
    It works for ``COMMENTS_DATA_LINK_HOURS`` and erases once: an erasure spends it.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(max_length=254)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    objects = DataLinkQuerySet.as_manager()

    class Meta:
        verbose_name = "data link"

    def __str__(self):
        return f"Data link {self.pk}"

    @staticmethod
    def new_token():
        return secrets.token_urlsafe(32)

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at

    @property
    def is_used(self):
        return self.used_at is not None
