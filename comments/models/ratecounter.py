from django.db import models


class RateCounter(models.Model):
    """One entry of the shared limits store (``comments.counters.DatabaseCounterCache``).

    Counters (``number``) are incremented in SQL, so every app server process counts on the same
    row; other values (allauth keeps a list of timestamps) are pickled into ``data``.
    """

    key = models.CharField(max_length=255, primary_key=True)
    number = models.BigIntegerField(null=True, blank=True)
    data = models.BinaryField(null=True, blank=True)
    expires = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "rate counter"

    def __str__(self):
        return self.key
