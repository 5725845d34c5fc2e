from django.db import models
from django.urls import reverse

from .anatomy import AnatomyTopic
from .library import LibraryEntry, split_lines


class Condition(LibraryEntry):
    """A problem readers come with (snapping hip, low back pain), at /conditions/<slug>/."""

    symptoms = models.TextField(blank=True, help_text="What the reader notices, one symptom per line.")
    pain_pattern = models.TextField(
        "where pain travels", blank=True, help_text="Where the pain is felt and where it can spread (plain text)."
    )
    when_to_seek_help = models.TextField(
        "when to see someone", blank=True, help_text="Warning signs that need an examination, one per line."
    )
    topics = models.ManyToManyField(
        AnatomyTopic, blank=True, related_name="conditions", verbose_name="related anatomy topics"
    )
    exercises = models.ManyToManyField(
        "posts.Exercise", blank=True, related_name="conditions", verbose_name="exercises that may help"
    )

    class Meta(LibraryEntry.Meta):
        pass

    def get_absolute_url(self):
        return reverse("posts:condition_detail", kwargs={"slug": self.slug})

    @property
    def symptom_list(self):
        return split_lines(self.symptoms)

    @property
    def warning_sign_list(self):
        return split_lines(self.when_to_seek_help)
