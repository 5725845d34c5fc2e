"""The index follows the content: stored vectors, kept current on every save, and used through their indexes."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from posts.models import Category, Post
from posts.search.backends import search_backend
from posts.search.models import SearchEntry, SearchTerm
from posts.search.services import search_index_rebuild
from posts.search.text import parse_query
from tests.factories import AnatomyTopicFactory, ExerciseFactory, GoalFactory, PostFactory

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own structures")


def titles(text):
    return [hit.entry.title for hit in search_backend().find(parse_query(text)).hits]


def test_a_new_post_is_found_at_once_and_a_renamed_one_by_its_new_title(clinician):
    post = PostFactory(title="Adductor strains in footballers", author=clinician)
    assert titles("adductor") == ["Adductor strains in footballers"]
    post.title = "Groin strains in footballers"
    post.save()
    assert titles("adductor") == []
    assert titles("groin") == ["Groin strains in footballers"]


def test_unpublishing_or_deleting_takes_it_out(clinician):
    post = PostFactory(title="Plantar fascia", author=clinician)
    post.status = Post.Status.DRAFT
    post.save()
    assert titles("plantar") == []
    assert not SearchEntry.objects.filter(kind="post", object_id=post.pk).exists()
    post.status = Post.Status.PUBLISHED
    post.save()
    assert titles("plantar") == ["Plantar fascia"]
    post.delete()
    assert titles("plantar") == [] and not SearchTerm.objects.filter(term="plantar fascia").exists()


def test_tags_categories_and_goals_are_searchable_and_follow_changes(clinician):
    post = PostFactory(title="A note", author=clinician, body="<p>Nothing in particular.</p>")
    post.tags.add("scoliosis")
    assert titles("scoliosis") == ["A note"]
    post.tags.set(["kyphosis"])
    assert titles("scoliosis") == [] and titles("kyphosis") == ["A note"]
    category = Category.objects.create(name="Spine care", slug="spine-care")
    post.categories.add(category)
    assert titles("spine care") == ["A note"]
    category.name = "Back care"
    category.save()
    assert titles("back care") == ["A note"]
    exercise = ExerciseFactory(name="Cat-cow", author=clinician)
    exercise.goals.add(GoalFactory(name="Loosen up", slug="loosen-up"))
    assert "Cat-cow" in titles("loosen")


def test_a_topic_is_found_by_its_aliases_and_pronunciation(clinician):
    topic = AnatomyTopicFactory(
        name="Piriformis", aliases="pear muscle", pronunciation="pir-ih-FOR-mis", author=clinician
    )
    assert titles("pear muscle")[0] == "Piriformis"
    assert titles("pir ih for mis")[0] == "Piriformis"
    topic.aliases = "deep rotator"
    topic.save()
    assert titles("pear muscle") == []
    assert set(
        SearchTerm.objects.filter(entry__object_id=topic.pk, entry__kind="topic").values_list("term", flat=True)
    ) == {
        "piriformis",
        "deep rotator",
        "pir ih for mis",
    }


def test_rebuilding_writes_the_same_index(clinician, library):
    PostFactory(title="Adductor strains", author=clinician)
    before = sorted(SearchEntry.objects.values_list("kind", "object_id", "title", "names", "keywords", "body"))
    terms_before = sorted(SearchTerm.objects.values_list("entry__kind", "entry__object_id", "term"))
    SearchEntry.objects.all().delete()
    assert titles("adductor") == []
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(SearchEntry.objects.values_list("kind", "object_id", "title", "names", "keywords", "body")) == before
    assert sorted(SearchTerm.objects.values_list("entry__kind", "entry__object_id", "term")) == terms_before
    assert search_index_rebuild() == len(before)
    assert titles("adductor") == ["Adductor strains"]


@postgres_only
def test_the_vector_is_a_stored_generated_column_with_a_gin_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT is_generated, generation_expression FROM information_schema.columns "
            "WHERE table_name = 'search_searchentry' AND column_name = 'vector'"
        )
        generated, expression = cursor.fetchone()
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'search_search%'")
        indexes = dict(cursor.fetchall())
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        trigram = cursor.fetchone()
    assert generated == "ALWAYS"
    assert "setweight" in expression and "'A'" in expression and "'C'" in expression
    assert "USING gin (vector)" in indexes["search_entry_vector_gin"]
    assert "gin_trgm_ops" in indexes["search_term_trigram_gin"]
    assert trigram


@postgres_only
def test_the_stored_vector_changes_with_the_text(clinician):
    post = PostFactory(title="Adductor strains", author=clinician)
    vector = SearchEntry.objects.filter(kind="post", object_id=post.pk).values_list("vector", flat=True)
    assert "'adductor':1A" in vector.get()
    post.title = "Groin strains"
    post.save()
    assert "'groin':1A" in vector.get() and "adductor" not in vector.get()


def plan_of(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = on")
    return plan


@postgres_only
def test_the_search_query_uses_the_gin_indexes(clinician):
    """EXPLAIN of the search page's query reads the GIN indexes, not every row.

    Ten thousand entries (written in bulk) and ANALYZE give the planner realistic numbers;
    enable_seqscan=off rules out a sequential scan chosen only because a test table is small.
    """
    words = ["hip", "knee", "ankle", "shoulder", "wrist", "neck", "spine", "elbow"]
    entries = SearchEntry.objects.bulk_create(
        SearchEntry(
            kind="post",
            object_id=10_000 + n,
            slug=f"note-{n}",
            title=f"{words[n % 8].title()} note {n}",
            body=f"Notes about the {words[n % 8]} and the {words[(n * 3) % 8]}, number {n}.",
        )
        for n in range(10_000)
    )
    SearchTerm.objects.bulk_create(SearchTerm(entry=entry, term=entry.title.lower()) for entry in entries)
    PostFactory(title="Rotator cuff", author=clinician)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
        cursor.execute("ANALYZE search_searchterm")
    backend = search_backend()
    query = parse_query("rotator cuff")
    plan = plan_of(*backend.search_sql(query))
    assert "Bitmap Index Scan on search_entry_vector_gin" in plan, plan
    assert "Bitmap Index Scan on search_term_trigram_gin" in plan, plan
    assert "Seq Scan on search_searchentry" not in plan, plan


@postgres_only
def test_scheduled_posts_are_indexed_but_not_shown_until_due(clinician):
    post = PostFactory(
        title="Adductor strains", author=clinician, published_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert SearchEntry.objects.filter(kind="post", object_id=post.pk).exists()
    assert titles("adductor") == []
