"""The search index (one row per searchable page) and the anonymous tally of what readers search for."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse

from .expressions import PostgresOnly, weighted_document


class SearchEntry(models.Model):
    """A post, anatomy topic, condition or exercise as search sees it: plain text, written on save.

    ``vector`` is a stored generated column on PostgreSQL (weighted: title and other names A,
    keywords and summary B, body C) with a GIN index; the names a thing is called by are also
    rows of ``SearchTerm`` for trigram matching. On SQLite an FTS5 table (trigram tokenizer)
    mirrors the text columns through triggers. Both are created by this app's migrations.
    """

    class Kind(models.TextChoices):
        TOPIC = "topic", "Anatomy"
        CONDITION = "condition", "Conditions"
        EXERCISE = "exercise", "Exercises"
        POST = "post", "Posts"

    URL_NAMES = {
        Kind.TOPIC: "posts:anatomy_detail",
        Kind.CONDITION: "posts:condition_detail",
        Kind.EXERCISE: "posts:exercise_detail",
        Kind.POST: "posts:detail",
    }

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    slug = models.SlugField(max_length=200)
    title = models.CharField(max_length=200)
    eyebrow = models.CharField(max_length=200, blank=True, help_text="What it is: “Muscle group · Hip and pelvis”.")
    names = models.TextField(blank=True, help_text="Other names (aliases), one a line.")
    pronunciation = models.CharField(max_length=120, blank=True)
    keywords = models.TextField(blank=True, help_text="Tags, categories, goals; the pronunciation as syllables.")
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="The text without markup.")
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    vector = models.GeneratedField(
        expression=PostgresOnly(weighted_document(), output_field=SearchVectorField()),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = "search entry"
        verbose_name_plural = "search entries"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_one_per_object")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self):
        return reverse(self.URL_NAMES[self.kind], kwargs={"slug": self.slug})

    @property
    def name_list(self):
        return [line for line in self.names.splitlines() if line.strip()]


class SearchTerm(models.Model):
    """One name a thing is called by (title, alias, pronunciation), lower-case, for fuzzy matching.

    A trigram index (PostgreSQL) makes "soas" find the alias "psoas" and "illiopsoas" find
    "iliopsoas"; comparing with each name on its own, rather than with all of them run
    together, is what ranks the topic whose alias *is* "psoas" above one that merely contains it.
    """

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "term"], name="search_term_once_per_entry")]

    def __str__(self):
        return self.term


class SearchCount(models.Model):
    """How often a search was made on a day (or, after 90 days, in a month), and what it found.

    Holds no personal data: no address, session or account, only the normalised text, with
    anything that looks like an email address or a phone number blanked out.
    """

    class Period(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"

    period = models.CharField(max_length=5, choices=Period.choices, default=Period.DAY)
    day = models.DateField(help_text="The day, or the first day of the month for a monthly total.")
    query = models.CharField(max_length=200)
    searches = models.PositiveIntegerField(default=1)
    results = models.PositiveIntegerField(default=0, help_text="How many results the latest of these searches found.")

    class Meta:
        verbose_name = "search made by readers"
        verbose_name_plural = "searches made by readers"
        ordering = ["-day", "-searches"]
        constraints = [
            models.UniqueConstraint(fields=["period", "day", "query"], name="search_count_one_row_per_query_and_day")
        ]
        indexes = [models.Index(fields=["day"], name="search_count_day")]

    def __str__(self):
        return f"{self.query} ({self.day}: {self.searches})"
