"""The migrations fill the index for content that existed before search did."""

import pytest
from django.core.management import call_command

from posts.search.backends import search_backend
from posts.search.models import SearchEntry, SearchTerm
from posts.search.text import parse_query
from tests.factories import AnatomyTopicFactory, PostFactory


@pytest.mark.django_db(transaction=True)
def test_migrating_indexes_the_existing_posts_and_library(clinician):
    post = PostFactory(title="Adductor strains", author=clinician)
    post.tags.add("groin")
    topic = AnatomyTopicFactory(name="Piriformis", aliases="pear muscle", author=clinician)
    PostFactory(title="A draft", status="draft", author=clinician)
    call_command("migrate", "search", "zero", verbosity=0)
    call_command("migrate", "search", verbosity=0)
    assert set(SearchEntry.objects.values_list("kind", "object_id")) == {("post", post.pk), ("topic", topic.pk)}
    assert set(SearchTerm.objects.values_list("term", flat=True)) >= {"adductor strains", "piriformis", "pear muscle"}
    backend = search_backend()
    assert backend.find(parse_query("groin")).hits[0].entry.object_id == post.pk
    assert backend.find(parse_query("pear muscle")).hits[0].entry.object_id == topic.pk
