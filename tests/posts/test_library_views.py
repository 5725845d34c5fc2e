import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from posts.models import AnatomyTopic, ExerciseTarget, Post, Reference
from tests.factories import (
    AnatomyTopicFactory,
    AuthorProfileFactory,
    CategoryFactory,
    ConditionFactory,
    ExerciseFactory,
    PostExerciseFactory,
    PostFactory,
)

pytestmark = pytest.mark.django_db


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def texts(nodes):
    return [" ".join(node.get_text(" ", strip=True).split()) for node in nodes]


class TestAnatomy:
    def test_index_groups_topics_by_body_region(self, client, library):
        page = soup_of(client.get("/anatomy/"))
        headings = texts(page.select(".library-group__heading"))
        assert headings == ["Hip and pelvis", "Thigh and knee"]
        hip = page.select(".library-group")[0]
        assert "Iliopsoas" in texts(hip.select(".card__title"))
        assert "Muscle · part of Iliopsoas" in texts(hip.select(".eyebrow"))
        assert page.find("a", href="/anatomy/iliopsoas/")

    def test_topic_page_shows_pronunciation_the_anatomy_table_parts_and_links(self, client, library, clinician):
        AuthorProfileFactory(user=clinician, display_name="Maya Lindqvist", credentials="Physiotherapist")
        Reference.objects.create(content_object=library.iliopsoas, citation="Gray’s Anatomy.", pubmed_id="123")
        post = PostFactory(title="About the psoas")
        post.topics.add(library.iliopsoas)
        draft = PostFactory(title="Unfinished", status=Post.Status.DRAFT)
        draft.topics.add(library.iliopsoas)
        page = soup_of(client.get("/anatomy/iliopsoas/"))
        assert "Say it: ILL-ee-oh-SO-as — the p in psoas is silent" in texts(page.select(".pronunciation"))
        assert texts(page.select(".aliases")) == ["Also called psoas , hip flexors"]
        table = {
            th.get_text(strip=True): td
            for th, td in zip(page.select(".facts th"), page.select(".facts td"), strict=True)
        }
        assert table["Origin"].get_text() == "T12 to L5 and the iliac fossa"
        assert table["Insertion"].get_text() == "Lesser trochanter of the femur"
        assert texts(table["Actions"].select("li")) == ["Bends the hip", "Steadies the lumbar spine"]
        assert texts(table["Parts"].select("a")) == ["Iliacus", "Psoas major"]
        assert texts(table["Opposed by"].select("a")) == ["Gluteus maximus"]
        assert page.find("a", href="/conditions/snapping-hip/")
        assert "Written by Maya Lindqvist , Physiotherapist" in texts(page.select(".byline"))[0]
        assert page.select_one(".review").find("a", href="https://pubmed.ncbi.nlm.nih.gov/123/")
        assert page.find("a", href=post.get_absolute_url())
        assert "Unfinished" not in page.get_text()

    def test_exercises_are_grouped_by_role_including_those_for_its_parts(self, client, library):
        page = soup_of(client.get("/anatomy/iliopsoas/"))
        section = page.find(id="exercises-heading").parent
        roles = texts(section.select("h3"))
        assert roles == ["To stretch it", "To mobilise it"]
        lists = section.select("ul.library-links")
        assert texts(lists[0].select(":scope > li > a")) == ["Warrior one"]
        assert "(through Psoas major)" in lists[1].get_text(" ", strip=True)
        assert section.find("a", href="/exercises/?topic=iliopsoas")

    def test_part_page_links_back_to_its_parent(self, client, library):
        page = soup_of(client.get("/anatomy/psoas-major/"))
        assert page.select_one(".breadcrumbs").find("a", href="/anatomy/iliopsoas/")
        assert page.select_one(".facts").find("a", href="/anatomy/iliopsoas/")

    def test_unknown_topic_is_404(self, client, db):
        assert client.get("/anatomy/no-such-muscle/").status_code == 404


class TestConditions:
    def test_list_and_detail(self, client, library):
        library.snapping_hip.pain_pattern = "Deep in the groin."
        library.snapping_hip.when_to_seek_help = "The hip locks"
        library.snapping_hip.save()
        post = PostFactory()
        post.conditions.add(library.snapping_hip)
        listing = soup_of(client.get("/conditions/"))
        assert listing.find("a", href="/conditions/snapping-hip/")
        assert "Involves Iliopsoas" in texts(listing.select(".library-card__meta"))
        page = soup_of(client.get("/conditions/snapping-hip/"))
        assert page.h1.get_text() == "Snapping hip"
        assert texts(page.find(id="symptoms-heading").parent.select("li")) == [
            "An ache at the front of the hip",
            "Stiffness after sitting",
        ]
        assert "Deep in the groin." in page.get_text()
        assert "The hip locks" in page.select_one(".callout--warn").get_text()
        assert page.find("a", href="/anatomy/iliopsoas/")
        assert page.find("a", href="/exercises/warrior-one/")
        assert page.find("a", href=post.get_absolute_url())
        assert client.get("/conditions/nope/").status_code == 404


class TestExerciseList:
    def names(self, response):
        return texts(soup_of(response).select(".exercise-card .card__title"))

    def test_everything_without_filters(self, client, library):
        response = client.get("/exercises/")
        assert response.status_code == 200
        assert self.names(response) == ["Ball release", "Bridge", "Warrior one"]
        assert not soup_of(response).select(".active-filters")

    def test_a_topic_filter_includes_the_topics_parts(self, client, library):
        assert self.names(client.get("/exercises/?topic=iliopsoas")) == ["Ball release", "Warrior one"]
        assert self.names(client.get("/exercises/?topic=psoas-major")) == ["Ball release"]

    def test_filters_combine(self, client, library):
        assert self.names(client.get("/exercises/?goal=stretch&topic=iliopsoas")) == ["Warrior one"]
        assert self.names(client.get("/exercises/?goal=strengthen&topic=gluteus-maximus")) == [
            "Bridge",
            "Warrior one",
        ]
        assert self.names(client.get("/exercises/?goal=strengthen&equipment=none")) == ["Bridge"]
        assert self.names(client.get("/exercises/?equipment=soft-ball&topic=iliopsoas")) == ["Ball release"]

    def test_active_filters_are_shown_with_links_that_remove_each_one(self, client, library):
        page = soup_of(client.get("/exercises/?goal=stretch&topic=iliopsoas"))
        chips = page.select(".active-filters .chip--active")
        assert texts(chips) == ["Goal: Stretch ×", "Body part: Iliopsoas and its parts ×"]
        remove = [chip.select_one("a.chip__remove") for chip in chips]
        assert remove[0]["href"] == "/exercises/?topic=iliopsoas"
        assert remove[1]["href"] == "/exercises/?goal=stretch"
        assert remove[0]["aria-label"] == "Remove filter Goal: Stretch"
        assert page.find("a", string="Clear all filters")["href"] == "/exercises/"
        assert "Showing 1 exercise for:" in page.get_text(" ", strip=True)
        # The form shows what is selected, with a label for every control.
        assert page.select_one("#id_goal option[selected]")["value"] == "stretch"
        for select in page.select("form.filters select"):
            assert page.find("label", attrs={"for": select["id"]})
        assert page.find("meta", attrs={"name": "robots", "content": "noindex"})

    def test_the_topic_menu_offers_topics_with_exercises_and_says_when_parts_are_included(self, client, library):
        page = soup_of(client.get("/exercises/"))
        options = {o["value"]: o.get_text() for o in page.select("#id_topic option")}
        assert options["iliopsoas"] == "Iliopsoas (and its parts)"
        assert options["psoas-major"] == "Psoas major"
        assert "femur" not in options  # no exercise targets it
        assert "iliacus" not in options

    def test_a_valid_filter_with_no_match_explains_itself(self, client, library):
        response = client.get("/exercises/?topic=femur")
        assert response.status_code == 200
        assert "No exercise matches all of these filters" in response.content.decode()

    @pytest.mark.parametrize(
        "query",
        [
            "goal=nonsense",
            "topic=no-such-topic",
            "equipment=rocket",
            "goal=%00",
            "topic=%27%3B%20DROP%20TABLE%20posts_exercise%3B--",
            "goal=" + "x" * 5000,
            "topic=%E2%80%AE%F0%9F%92%A9",
            "goal[]=stretch&goal=stretch%20",
            "equipment=<script>alert(1)</script>",
        ],
    )
    def test_bad_filter_values_give_an_explained_404_never_a_500(self, client, library, query):
        response = client.get(f"/exercises/?{query}")
        assert response.status_code == 404
        page = soup_of(response)
        assert "We have no" in page.select_one('[role="alert"]').get_text()
        assert not page.select(".exercise-card")
        assert "<script>alert" not in response.content.decode()

    def test_bad_page_numbers_are_404(self, client, library):
        assert client.get("/exercises/?page=abc").status_code == 404
        assert client.get("/exercises/?page=99").status_code == 404

    def test_repeated_parameters_use_the_last_value(self, client, library):
        assert self.names(client.get("/exercises/?goal=nonsense&goal=mobilise")) == ["Ball release"]


class TestExerciseDetail:
    def test_steps_cues_cautions_dosage_targets_and_posts(self, client, library):
        library.warrior.cues = "Feel the front of the back hip"
        library.warrior.save()
        post = PostFactory(title="Hips")
        PostExerciseFactory(post=post, exercise=library.warrior)
        page = soup_of(client.get("/exercises/warrior-one/"))
        assert texts(page.select("ol.steps li")) == ["Stand tall.", "Lift the knee.", "Lower it slowly."]
        assert texts(page.select(".callout--warn li")) == ["Stop if it hurts."]
        assert "Feel the front of the back hip" in page.get_text()
        assert texts(page.select(".dosage-box dd"))[:2] == ["Hold 30 seconds, 2 times each side", "Yoga mat"]
        assert texts(page.select(".goal-badges li")) == ["Stretch", "Strengthen"]
        targets = texts(page.find(id="targets-heading").parent.select("li"))
        assert set(targets) == {"Stretched Iliopsoas", "Strengthened Gluteus maximus"}
        assert page.find("a", href="/conditions/snapping-hip/")
        assert page.find("a", href=post.get_absolute_url())
        assert client.get("/exercises/nope/").status_code == 404


class TestPostPage:
    def test_the_post_shows_its_numbered_programme_with_goals_dosage_and_notes(self, client, post, library):
        PostExerciseFactory(post=post, exercise=library.bridge, order=2)
        PostExerciseFactory(post=post, exercise=library.warrior, order=1, dosage="Five breaths", note="Tuck under.")
        post.topics.add(library.iliopsoas)
        post.conditions.add(library.snapping_hip)
        page = soup_of(client.get(post.get_absolute_url()))
        items = page.select("ol.exercise-plan > li")
        assert texts(item.h3 for item in items) == ["Warrior one", "Bridge"]
        assert items[0].h3.a["href"] == "/exercises/warrior-one/"
        assert texts(items[0].select(".goal-badge")) == ["Stretch", "Strengthen"]
        assert "Five breaths" in items[0].get_text() and "Tuck under." in items[0].get_text()
        assert "2 sets of 10" in items[1].get_text()
        assert page.select_one(".post-library").find("a", href="/anatomy/iliopsoas/")
        assert page.select_one(".post-library").find("a", href="/conditions/snapping-hip/")

    def test_a_post_without_library_links_shows_no_empty_section(self, client, post):
        assert not soup_of(client.get(post.get_absolute_url())).select(".post-library")


def test_the_header_links_to_the_library_and_marks_the_current_section(client, library):
    page = soup_of(client.get("/exercises/warrior-one/"))
    nav = page.select_one(".site-nav")
    assert [a["href"] for a in nav.select("a")][1:4] == ["/anatomy/", "/conditions/", "/exercises/"]
    assert nav.find("a", href="/exercises/")["aria-current"] == "true"
    assert (
        soup_of(client.get("/anatomy/")).select_one(".site-nav").find("a", href="/anatomy/")["aria-current"] == "page"
    )


def test_library_urls_are_reversed_by_name():
    assert reverse("posts:anatomy_list") == "/anatomy/"
    assert reverse("posts:anatomy_detail", kwargs={"slug": "iliopsoas"}) == "/anatomy/iliopsoas/"
    assert reverse("posts:condition_list") == "/conditions/"
    assert reverse("posts:condition_detail", kwargs={"slug": "snapping-hip"}) == "/conditions/snapping-hip/"
    assert reverse("posts:exercise_list") == "/exercises/"
    assert reverse("posts:exercise_detail", kwargs={"slug": "boat"}) == "/exercises/boat/"


# --- Query counts -----------------------------------------------------------------------


def grow_library(library, clinician, n):
    """Link ``n`` more of everything to the iliopsoas, so N+1 queries would show."""
    parts = [AnatomyTopicFactory(parent=library.iliopsoas, author=clinician) for _ in range(n)]
    for i, part in enumerate(parts):
        exercise = ExerciseFactory(
            goals=[library.stretch, library.strengthen],
            equipment=[library.mat],
            targets=[(part, ExerciseTarget.Role.STRETCHED), (library.iliopsoas, ExerciseTarget.Role.MOBILISED)],
            author=clinician,
        )
        condition = ConditionFactory(author=clinician)
        condition.topics.add(library.iliopsoas, part)
        condition.exercises.add(exercise, library.warrior)
        library.iliopsoas.synergists.add(part)
        library.iliopsoas.antagonists.add(part)
        post = PostFactory(author=clinician)
        post.topics.add(library.iliopsoas, part)
        post.conditions.add(library.snapping_hip, condition)
        PostExerciseFactory(post=post, exercise=library.warrior, order=1)
        PostExerciseFactory(post=post, exercise=exercise, order=2)
        PostExerciseFactory(post=post, exercise=library.bridge, order=3)
        library.snapping_hip.exercises.add(exercise)
        library.warrior.targets.add(part, through_defaults={"role": ExerciseTarget.Role.STRETCHED})
        Reference.objects.create(content_object=library.iliopsoas, citation=f"Paper {i}")
        Reference.objects.create(content_object=library.warrior, citation=f"Paper {i}")
        Reference.objects.create(content_object=library.snapping_hip, citation=f"Paper {i}")


LIBRARY_PAGES = {
    # page: the most queries it may take, whatever the size of the library
    "/anatomy/": 1,
    "/anatomy/iliopsoas/": 11,
    "/conditions/": 2,
    "/conditions/snapping-hip/": 7,
    "/exercises/": 9,
    "/exercises/?goal=stretch&topic=iliopsoas&equipment=yoga-mat": 10,
    "/exercises/warrior-one/": 8,
}


class TestQueryCounts:
    """Pinned to keep N+1 out: a page costs the same with 1 or 15 linked items of each kind."""

    @pytest.mark.parametrize("url", LIBRARY_PAGES)
    @pytest.mark.parametrize("size", [1, 15])
    def test_library_pages(self, client, library, clinician, django_assert_max_num_queries, url, size):
        AuthorProfileFactory(user=clinician)
        grow_library(library, clinician, size)
        client.get("/")  # the Sites sync and the menu cache happen once per process, not per page
        with django_assert_max_num_queries(LIBRARY_PAGES[url]):
            response = client.get(url)
        assert response.status_code == 200

    @pytest.mark.parametrize("size", [1, 15])
    def test_post_page_with_its_programme_stays_within_the_budget(
        self, client, library, clinician, django_assert_max_num_queries, size
    ):
        grow_library(library, clinician, size)
        post = Post.objects.filter(exercise_entries__isnull=False).first()
        post.categories.add(*CategoryFactory.create_batch(3))
        post.tags.add("a", "b", "c")
        # Once per process, like the Sites sync and the menu: the comment form's list of social providers.
        client.get(post.get_absolute_url())
        # The foundation's queries and four for the library (topics, conditions, exercises, goals);
        # related reading was computed by the first view and is read from the cache.
        with django_assert_max_num_queries(9):
            response = client.get(post.get_absolute_url())
        assert len(soup_of(response).select("ol.exercise-plan > li")) == 3

    def test_the_library_adds_four_queries_to_the_post_page(self, client, post, library):
        for exercise in (library.warrior, library.bridge, library.ball_release):
            PostExerciseFactory(post=post, exercise=exercise)
        post.topics.add(library.iliopsoas, library.femur)
        post.conditions.add(library.snapping_hip)
        client.get("/")
        with CaptureQueriesContext(connection) as captured:
            client.get(post.get_absolute_url())
        library_queries = [
            q["sql"]
            for q in captured.captured_queries
            if re.search(r'FROM "posts_(anatomytopic|condition|postexercise|goal)"', q["sql"])
        ]
        assert len(library_queries) == 4


def test_library_pages_say_when_they_were_last_reviewed(client, library):
    library.warrior.last_reviewed = timezone.localdate() - datetime.timedelta(days=3)
    library.warrior.save()
    page = soup_of(client.get("/exercises/warrior-one/"))
    assert "Last reviewed" in page.select_one(".review").get_text()
    assert page.select_one(".review time")["datetime"] == library.warrior.last_reviewed.isoformat()


def test_anatomy_index_is_empty_but_polite_without_topics(client, db):
    assert "No anatomy topics have been written yet." in client.get("/anatomy/").content.decode()
    assert AnatomyTopic.objects.count() == 0
