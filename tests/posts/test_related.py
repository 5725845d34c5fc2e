"""Related reading: up to three published posts sharing topics, conditions and tags, for one query."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from posts.models import Post
from posts.related import related_posts
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(library, clinician):
    """A post about the iliopsoas and snapping hip, and others that share more or less with it."""
    main = PostFactory(title="Main", author=clinician)
    main.topics.add(library.iliopsoas, library.psoas_major)
    main.conditions.add(library.snapping_hip)
    main.tags.add("hip flexors", "yoga")
    close = PostFactory(title="Close", author=clinician)  # two topics and the condition: 3+3+2
    close.topics.add(library.iliopsoas, library.psoas_major)
    close.conditions.add(library.snapping_hip)
    tagged = PostFactory(title="Tagged", author=clinician)  # two tags: 2
    tagged.tags.add("hip flexors", "yoga")
    one_topic = PostFactory(title="One topic", author=clinician)  # 3
    one_topic.topics.add(library.iliopsoas)
    weak = PostFactory(title="Weak", author=clinician)  # one tag: 1
    weak.tags.add("yoga")
    PostFactory(title="Unrelated", author=clinician).tags.add("knee")
    draft = PostFactory(title="Draft", author=clinician, status=Post.Status.DRAFT)
    draft.topics.add(library.iliopsoas, library.psoas_major)
    future = PostFactory(title="Future", author=clinician, published_at=timezone.now() + datetime.timedelta(days=3))
    future.topics.add(library.iliopsoas, library.psoas_major)
    return main


def fetched(post):
    return Post.objects.prefetch_related("topics", "conditions", "tags").get(pk=post.pk)


def test_best_matches_first_published_only_at_most_three(cluster):
    assert [post.title for post in related_posts(fetched(cluster))] == ["Close", "One topic", "Tagged"]


def test_one_query_once_the_post_is_fetched(cluster, django_assert_num_queries):
    post = fetched(cluster)
    related_posts(post)  # content types are cached per process, as on a running server
    with django_assert_num_queries(1):
        related_posts(post)


def test_a_post_that_shares_nothing_has_no_related_reading_and_costs_nothing(clinician, django_assert_num_queries):
    lonely = fetched(PostFactory(author=clinician))
    with django_assert_num_queries(0):
        assert related_posts(lonely) == []


def related_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        page = BeautifulSoup(client.get(url).content, "html.parser")
    titles = [a.get_text() for a in page.select("section.related .related__title")]
    return titles, [q["sql"] for q in captured.captured_queries if "relatedness" in q["sql"]]


def test_the_post_page_computes_related_reading_once_then_reads_the_cache(client, cluster):
    url = cluster.get_absolute_url()
    titles, queries = related_queries(client, url)
    assert titles == ["Close", "One topic", "Tagged"] and len(queries) == 1
    titles, queries = related_queries(client, url)
    assert titles == ["Close", "One topic", "Tagged"] and queries == []


def test_an_unpublished_post_leaves_every_cached_list_at_once(client, cluster):
    url = cluster.get_absolute_url()
    related_queries(client, url)
    close = Post.objects.get(title="Close")
    close.status = Post.Status.DRAFT
    close.save()
    titles, queries = related_queries(client, url)
    assert titles == ["One topic", "Tagged", "Weak"] and len(queries) == 1


def test_new_links_refresh_the_lists(client, cluster, library):
    url = cluster.get_absolute_url()
    related_queries(client, url)
    Post.objects.get(title="Weak").topics.add(library.iliopsoas, library.psoas_major)
    titles, _ = related_queries(client, url)
    assert titles[:2] == ["Close", "Weak"]
