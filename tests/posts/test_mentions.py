import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posts.mentions import MentionLinker, MentionTarget
from posts.models import Post
from posts.rendering import render_body
from posts.services import topic_mentions_refresh
from tests.factories import AnatomyTopicFactory, PostFactory

pytestmark = pytest.mark.django_db


def mentions(html):
    """[(href, text, tooltip)] of the links the linker made."""
    soup = BeautifulSoup(html, "html.parser")
    return [(a["href"], a.get_text(), (a.abbr or a).get("title", "")) for a in soup.select("a.mention")]


def test_the_first_mention_of_a_topic_links_to_its_page_with_the_pronunciation(library):
    post = PostFactory(body="<p>Meet the iliopsoas. The iliopsoas is deep.</p><p>More iliopsoas.</p>")
    assert mentions(post.body_html) == [
        ("/anatomy/iliopsoas/", "iliopsoas", "Say ILL-ee-oh-SO-as (the p in psoas is silent)")
    ]
    assert '<abbr title="Say ILL-ee-oh-SO-as (the p in psoas is silent)">iliopsoas</abbr>' in post.body_html


def test_aliases_link_keep_the_authors_case_and_name_the_topic_in_the_tooltip(library):
    post = PostFactory(body="<p>Tight HIP FLEXORS and sore glutes.</p>")
    assert mentions(post.body_html) == [
        ("/anatomy/iliopsoas/", "HIP FLEXORS", "Iliopsoas: say ILL-ee-oh-SO-as (the p in psoas is silent)"),
        ("/anatomy/gluteus-maximus/", "glutes", "Gluteus maximus"),
    ]


def test_the_longest_name_wins_and_words_are_matched_whole(library):
    post = PostFactory(body="<p>Psoas major is part of it; iliopsoasitis and psoas-like are not words we link.</p>")
    assert mentions(post.body_html) == [("/anatomy/psoas-major/", "Psoas major", "Say SO-as MAY-jer")]


def test_a_name_split_over_a_line_break_still_matches(library):
    post = PostFactory(body="<p>the psoas\n  major runs down</p>")
    assert [m[0] for m in mentions(post.body_html)] == ["/anatomy/psoas-major/"]


def test_links_headings_and_code_the_author_wrote_are_left_alone(library):
    body = (
        "<h2>The iliopsoas</h2>"
        '<p><a href="https://example.org/">iliopsoas elsewhere</a></p>'
        "<pre>iliopsoas</pre><p><code>iliopsoas</code></p>"
        "<p>Finally the iliopsoas.</p>"
    )
    post = PostFactory(body=body)
    soup = BeautifulSoup(post.body_html, "html.parser")
    assert soup.h2.get_text() == "The iliopsoas" and not soup.h2.a
    assert soup.find("a", href="https://example.org/").get_text() == "iliopsoas elsewhere"
    assert not soup.pre.a and not soup.code.a
    assert soup.select("p a.mention")[0].find_parent("p").get_text() == "Finally the iliopsoas."


def test_a_topic_the_author_already_linked_is_not_linked_again(library):
    post = PostFactory(body='<p>See <a href="/anatomy/iliopsoas/">this muscle</a>. The iliopsoas again.</p>')
    assert mentions(post.body_html) == []


def test_the_stored_body_is_never_rewritten(library):
    body = "<p>Meet the iliopsoas.</p>"
    post = PostFactory(body=body)
    post.refresh_from_db()
    assert post.body == body
    assert "mention" in post.body_html


def test_topics_can_opt_out_of_mention_links(library):
    library.femur.link_mentions = False
    library.femur.save()
    post = PostFactory(body="<p>The femur is long.</p>")
    assert mentions(post.body_html) == []


def test_hostile_topic_names_are_escaped():
    target = MentionTarget(
        topic_id=1, name="psoas", url="/anatomy/x/", terms=("psoas",), pronunciation='"><script>alert(1)</script>'
    )
    soup = BeautifulSoup("<p>psoas</p>", "html.parser")
    MentionLinker([target])(soup)
    assert "<script>" not in str(soup)
    assert soup.abbr["title"].startswith('Say "><script>')


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from("psoa iliumjr <>&\"'-\n"), max_size=80))
def test_linking_never_changes_the_words_a_reader_sees(text):
    targets = [
        MentionTarget(topic_id=1, name="iliopsoas", url="/a/", terms=("iliopsoas", "psoas"), pronunciation="x"),
        MentionTarget(topic_id=2, name="psoas major", url="/b/", terms=("psoas major",)),
    ]
    source = BeautifulSoup("", "html.parser")
    paragraph = source.new_tag("p")
    paragraph.string = text
    source.append(paragraph)
    html = str(source)
    before = BeautifulSoup(html, "html.parser").get_text()
    rendered = render_body(html, transforms=(MentionLinker(targets),))
    assert BeautifulSoup(rendered.html, "html.parser").get_text() == before
    assert rendered.html.count('class="mention"') <= 2


class TestRecomputedWhenATopicChanges:
    def test_a_new_alias_links_existing_posts(self, library):
        post = PostFactory(body="<p>The lumbar vertebrae carry the psoas major.</p>")
        topic = AnatomyTopicFactory(name="Lumbar spine", slug="lumbar-spine", pronunciation="")
        post.refresh_from_db()
        assert "/anatomy/lumbar-spine/" not in post.body_html
        topic.aliases = "lumbar vertebrae"
        topic.save()
        post.refresh_from_db()
        assert ("/anatomy/lumbar-spine/", "lumbar vertebrae") in [m[:2] for m in mentions(post.body_html)]

    def test_a_rename_a_new_slug_and_a_new_pronunciation_reach_posts(self, library):
        post = PostFactory(body="<p>The iliacus lines the pelvis.</p>")
        library.iliacus.pronunciation = "ih-LY-uh-kus"
        library.iliacus.save()
        post.refresh_from_db()
        assert mentions(post.body_html) == [("/anatomy/iliacus/", "iliacus", "Say ih-LY-uh-kus")]
        library.iliacus.slug = "iliacus-muscle"
        library.iliacus.save()
        post.refresh_from_db()
        assert mentions(post.body_html)[0][0] == "/anatomy/iliacus-muscle/"
        library.iliacus.name = "Iliacus muscle"
        library.iliacus.save()
        post.refresh_from_db()
        assert mentions(post.body_html) == []  # "iliacus" alone no longer names it

    def test_a_deleted_topic_leaves_no_link_to_a_missing_page(self, library):
        post = PostFactory(body="<p>The femur is long.</p>")
        assert mentions(post.body_html)
        library.femur.delete()
        post.refresh_from_db()
        assert mentions(post.body_html) == []

    def test_saving_a_topic_without_changing_its_names_touches_no_post(self, library):
        PostFactory(body="<p>The iliopsoas.</p>")
        topic = type(library.iliopsoas).objects.get(pk=library.iliopsoas.pk)
        topic.summary = "A new summary."
        with CaptureQueriesContext(connection) as captured:
            topic.save()
        # The UPDATE of the topic, and the search index's own bookkeeping (posts.search), nothing else.
        outside_search = [q["sql"] for q in captured.captured_queries if "search_" not in q["sql"]]
        outside_search = [sql for sql in outside_search if not sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
        assert len(outside_search) == 1, outside_search
        assert outside_search[0].startswith('UPDATE "posts_anatomytopic"')

    @pytest.mark.parametrize("posts", [2, 25])
    def test_one_pass_however_many_posts_mention_it(self, library, posts, django_assert_num_queries):
        PostFactory.create_batch(posts, body="<p>The iliopsoas and the femur.</p>")
        PostFactory(body="<p>Nothing relevant.</p>")
        Post.objects.update(body_html="")
        # Find the posts, load the topics, one bulk update (inside one savepoint).
        with django_assert_num_queries(5):
            updated = topic_mentions_refresh(terms=["iliopsoas"])
        assert updated == posts
        assert Post.objects.filter(body_html__contains='href="/anatomy/iliopsoas/"').count() == posts

    def test_mentions_are_served_from_what_was_computed_at_save(self, client, library):
        post = PostFactory(body="<p>The iliopsoas.</p>")
        Post.objects.filter(pk=post.pk).update(body_html="<p>Stored at save.</p>")
        assert "Stored at save." in client.get(post.get_absolute_url()).content.decode()
