"""What health content rests on: who reviewed it, when, and its references."""

import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")


class Reference(models.Model):
    """A numbered citation attached to a post, page or library entry."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    order = models.PositiveSmallIntegerField(default=0)
    citation = models.TextField(help_text="Authors, title, journal or book, year.")
    url = models.URLField("link", blank=True, max_length=500)
    doi = models.CharField("DOI", blank=True, max_length=200, help_text="e.g. 10.1016/j.ptsp.2019.01.001")
    pubmed_id = models.CharField("PubMed id", blank=True, max_length=12)

    class Meta:
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.citation[:80]

    def clean(self):
        self.doi = self.doi.strip().removeprefix("https://doi.org/").removeprefix("doi:")
        if self.doi and not DOI_PATTERN.match(self.doi):
            raise ValidationError({"doi": "A DOI looks like 10.1234/something."})
        if self.pubmed_id and not self.pubmed_id.isdigit():
            raise ValidationError({"pubmed_id": "A PubMed id is digits only."})

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def pubmed_url(self):
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pubmed_id}/" if self.pubmed_id else ""


class ReviewedContent(models.Model):
    """Health content shows when it was last reviewed, by whom, and its references."""

    last_reviewed = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    references = GenericRelation(Reference)

    class Meta:
        abstract = True
