"""Writes to the search index and to the tally of searches (HackSoft style: ``<thing>_<action>``)."""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from posts.models import AnatomyTopic, Condition, Exercise, Post

from . import documents
from .models import SearchCount, SearchEntry, SearchTerm
from .schema import create_search_structures

INDEXED_MODELS = (Post, AnatomyTopic, Condition, Exercise)
# The fields a search entry's names (SearchTerm rows) are made from.
NAME_FIELDS = ("title", "names", "pronunciation")
KIND_OF = {
    Post: documents.POST,
    AnatomyTopic: documents.TOPIC,
    Condition: documents.CONDITION,
    Exercise: documents.EXERCISE,
}


def document_for(obj):
    """The search document for a post or library entry; None for what readers may never find (drafts)."""
    if isinstance(obj, Post):
        if obj.status != Post.Status.PUBLISHED:
            return None
        tags = [tag.name for tag in obj.tags.all()] if obj.pk else []
        categories = [category.name for category in obj.categories.all()] if obj.pk else []
        return documents.post_document(obj, tags=tags, categories=categories)
    if isinstance(obj, AnatomyTopic):
        return documents.topic_document(obj)
    if isinstance(obj, Condition):
        return documents.condition_document(obj)
    if isinstance(obj, Exercise):
        goals = [goal.name for goal in obj.goals.all()] if obj.pk else []
        return documents.exercise_document(obj, goals=goals)
    raise TypeError(f"{type(obj).__name__} is not searchable")


@transaction.atomic
def search_entry_refresh(*, obj):
    """Bring ``obj``'s search entry and its names up to date (or remove it); returns the entry or None.

    Costs one query when nothing searchable changed, and touches the names only when they did.
    """
    document = document_for(obj)
    if document is None:
        search_entry_remove(kind=KIND_OF[type(obj)], object_id=obj.pk)
        return None
    entry = SearchEntry.objects.filter(kind=document.kind, object_id=document.object_id).defer("vector").first()
    fields = document.entry_fields()
    if entry is None:
        entry = SearchEntry(kind=document.kind, object_id=document.object_id)
        old_terms = None
    elif all(getattr(entry, name) == value for name, value in fields.items()):
        return entry
    else:
        old_terms = SearchEntry(**{name: getattr(entry, name) for name in NAME_FIELDS})
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.full_clean(validate_unique=False, validate_constraints=False)
    entry.save()
    if old_terms is None or any(getattr(old_terms, name) != fields[name] for name in NAME_FIELDS):
        terms = document.terms()
        SearchTerm.objects.filter(entry=entry).exclude(term__in=terms).delete()
        known = set(SearchTerm.objects.filter(entry=entry).values_list("term", flat=True))
        SearchTerm.objects.bulk_create([SearchTerm(entry=entry, term=term) for term in terms if term not in known])
    return entry


@transaction.atomic
def search_entry_remove(*, kind, object_id):
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def all_documents():
    """Every document, fetched in a handful of queries (for a rebuild of the whole index)."""
    posts = Post.objects.filter(status=Post.Status.PUBLISHED).prefetch_related("tags", "categories")
    for post in posts.iterator(chunk_size=500):
        yield documents.post_document(
            post, tags=[tag.name for tag in post.tags.all()], categories=[c.name for c in post.categories.all()]
        )
    for topic in AnatomyTopic.objects.iterator(chunk_size=500):
        yield documents.topic_document(topic)
    for condition in Condition.objects.iterator(chunk_size=500):
        yield documents.condition_document(condition)
    for exercise in Exercise.objects.prefetch_related("goals").iterator(chunk_size=500):
        yield documents.exercise_document(exercise, goals=[goal.name for goal in exercise.goals.all()])


@transaction.atomic
def search_index_rebuild(*, batch_size=500):
    """Empty the index and write every post and library entry again. Returns the number of entries."""
    # First, while nothing is pending: SQLite loses its FTS triggers whenever a migration rebuilds the table.
    create_search_structures(connection)
    SearchTerm.objects.all().delete()
    SearchEntry.objects.all().delete()
    batch, written = [], 0
    for document in all_documents():
        batch.append(document)
        if len(batch) >= batch_size:
            written += _write_batch(batch)
            batch = []
    written += _write_batch(batch)
    return written


def _write_batch(batch):
    if not batch:
        return 0
    entries = SearchEntry.objects.bulk_create(
        [SearchEntry(kind=doc.kind, object_id=doc.object_id, **doc.entry_fields()) for doc in batch]
    )
    SearchTerm.objects.bulk_create(
        [SearchTerm(entry=entry, term=term) for entry, doc in zip(entries, batch, strict=True) for term in doc.terms()]
    )
    return len(entries)


# --- What readers look for --------------------------------------------------------------

UPSERT_COUNT = """
    INSERT INTO {table} (period, day, query, searches, results) VALUES (%s, %s, %s, %s, %s)
    ON CONFLICT (period, day, query)
    DO UPDATE SET searches = {table}.searches + excluded.searches, results = excluded.results
"""


def _add_count(*, period, day, query, searches, results):
    # One statement, safe under concurrency on PostgreSQL and SQLite alike (both speak ON CONFLICT).
    sql = UPSERT_COUNT.format(table=connection.ops.quote_name(SearchCount._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(sql, [period, day, query, searches, results])


def search_count_record(*, query, results, day=None):
    """Count one search of ``query`` (a parsed Query) that found ``results`` things. No personal data.

    One statement, atomic on its own: no transaction (and no savepoints) around it.
    """
    text = query.counted_text
    if not text:
        return
    _add_count(
        period=SearchCount.Period.DAY,
        day=day or timezone.localdate(),
        query=text,
        searches=1,
        results=max(0, int(results)),
    )


@transaction.atomic
def search_counts_roll_up(*, keep_days=None, today=None):
    """Fold daily rows older than ``keep_days`` (``SEARCH_COUNTS_KEEP_DAYS``) into one row per query
    and month; returns rows folded. A daily periodic job of the task worker (``SCHEDULES``)."""
    keep_days = max(1, settings.SEARCH_COUNTS_KEEP_DAYS if keep_days is None else keep_days)
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=keep_days)
    old = SearchCount.objects.filter(period=SearchCount.Period.DAY, day__lt=cutoff)
    totals = (
        old.order_by()
        .annotate(month=TruncMonth("day"))
        .values("month", "query")
        .annotate(searches_total=Sum("searches"), results_best=Max("results"))
    )
    for row in totals:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = month.date()
        _add_count(
            period=SearchCount.Period.MONTH,
            day=month,
            query=row["query"],
            searches=row["searches_total"],
            results=row["results_best"],
        )
    folded, _ = old.delete()
    return folded
