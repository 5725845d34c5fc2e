import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from posts.models import AnatomyTopic, Exercise, ExerciseTarget, Post, PostExercise
from tests.factories import ConditionFactory, PostFactory

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.timedelta(days=800)


@pytest.fixture
def admin_client(client_as, clinician):
    return client_as(clinician)


@pytest.mark.parametrize("model", ["anatomytopic", "condition", "exercise", "goal", "equipment", "post"])
def test_changelists_search_and_filters_answer(admin_client, library, model):
    url = reverse(f"admin:posts_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "psoas"}).status_code == 200


@pytest.mark.parametrize("model", ["anatomytopic", "condition", "exercise", "post"])
def test_every_reviewed_model_has_the_review_overdue_filter(admin_client, library, model):
    response = admin_client.get(reverse(f"admin:posts_{model}_changelist"), {"review": "overdue"})
    assert response.status_code == 200
    assert "Overdue (over 12 months, or never)" in response.content.decode()


def test_the_overdue_filter_lists_old_and_never_reviewed_content(admin_client, library, settings):
    settings.REVIEW_OVERDUE_MONTHS = 6
    old = ConditionFactory(name="Old news", last_reviewed=timezone.localdate() - LONG_AGO)
    never = ConditionFactory(name="Never checked", last_reviewed=None)
    url = reverse("admin:posts_condition_changelist")
    overdue = admin_client.get(url, {"review": "overdue"}).context["cl"].result_list
    assert set(overdue) == {old, never}
    current = admin_client.get(url, {"review": "current"}).context["cl"].result_list
    assert set(current) == {library.snapping_hip}
    assert "Overdue (over 6 months, or never)" in admin_client.get(url).content.decode()


def test_one_page_lists_everything_due_for_review(admin_client, library, post):
    ConditionFactory(name="Old news", last_reviewed=timezone.localdate() - LONG_AGO)
    library.femur.last_reviewed = None
    library.femur.save()
    response = admin_client.get(reverse("admin:posts_review_overdue"))
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    captions = [c.get_text(strip=True) for c in page.select("#content-main caption")]
    assert captions == ["Posts (1)", "Anatomy topics (1)", "Conditions (1)", "Exercises (0)"]
    assert page.find("a", href=reverse("admin:posts_anatomytopic_change", args=[library.femur.pk]))
    assert "Old news" in page.get_text()


def test_the_overdue_page_is_for_staff_only(client, user, client_as):
    url = reverse("admin:posts_review_overdue")
    assert client.get(url).status_code == 302
    assert client_as(user).get(url).status_code == 302


def test_adding_a_topic_with_its_parts_in_one_form(admin_client, clinician):
    data = {
        "name": "Iliopsoas",
        "slug": "iliopsoas",
        "kind": "muscle_group",
        "region": "hip-pelvis",
        "summary": "",
        "pronunciation": "ILL-ee-oh-SO-as",
        "pronunciation_note": "",
        "aliases": "psoas",
        "link_mentions": "on",
        "origin": "",
        "insertion": "",
        "actions": "",
        "innervation": "",
        "body": "<p>Deep <script>x</script></p>",
        "illustration_alt": "",
        "illustration_caption": "",
        "author": clinician.pk,
        "last_reviewed": "2026-01-02",
        "reviewed_by": clinician.pk,
        "parts-TOTAL_FORMS": "2",
        "parts-INITIAL_FORMS": "0",
        "parts-0-name": "Psoas major",
        "parts-0-kind": "muscle",
        "parts-0-region": "spine-trunk",
        "parts-1-name": "Iliacus",
        "parts-1-kind": "muscle",
        "parts-1-region": "hip-pelvis",
        "exercise_links-TOTAL_FORMS": "0",
        "exercise_links-INITIAL_FORMS": "0",
        "posts-reference-content_type-object_id-TOTAL_FORMS": "0",
        "posts-reference-content_type-object_id-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:posts_anatomytopic_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    topic = AnatomyTopic.objects.get(slug="iliopsoas")
    assert topic.body == "<p>Deep </p>"
    assert sorted(topic.parts.values_list("slug", "author")) == [
        ("iliacus", clinician.pk),
        ("psoas-major", clinician.pk),
    ]


def test_adding_an_exercise_with_goals_and_targets(admin_client, clinician, library):
    data = {
        "name": "Lunge stretch",
        "slug": "",
        "aliases": "",
        "summary": "",
        "goals": [library.stretch.pk],
        "discipline": "mobility",
        "source_credit": "",
        "difficulty": "1",
        "steps": "Kneel.\nShift forward.",
        "cues": "",
        "cautions": "",
        "sets": "",
        "reps": "",
        "hold_seconds": "30",
        "body": "",
        "image_alt": "",
        "author": clinician.pk,
        "last_reviewed": "",
        "reviewed_by": "",
        "target_links-TOTAL_FORMS": "1",
        "target_links-INITIAL_FORMS": "0",
        "target_links-0-topic": library.iliopsoas.pk,
        "target_links-0-role": "stretched",
        "posts-reference-content_type-object_id-TOTAL_FORMS": "0",
        "posts-reference-content_type-object_id-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:posts_exercise_add"), data)
    assert response.status_code == 302
    exercise = Exercise.objects.get(slug="lunge-stretch")
    assert list(exercise.goals.all()) == [library.stretch]
    assert ExerciseTarget.objects.get(exercise=exercise).topic == library.iliopsoas
    assert exercise in Exercise.objects.for_topic(library.iliopsoas)


def test_post_form_has_library_autocompletes_and_an_ordered_programme(admin_client, post, library):
    response = admin_client.get(reverse("admin:posts_post_change", args=[post.pk]))
    html = response.content.decode()
    assert 'name="exercise_entries-TOTAL_FORMS"' in html
    page = BeautifulSoup(html, "html.parser")
    for field in ("topics", "conditions", "exercise_entries-__prefix__-exercise"):
        assert "admin-autocomplete" in page.find("select", attrs={"name": field})["class"]
    autocomplete = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "posts", "model_name": "post", "field_name": "topics", "term": "psoas"},
    )
    assert [r["text"] for r in autocomplete.json()["results"]] == ["Iliopsoas", "Psoas major"]
    autocomplete = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "posts", "model_name": "postexercise", "field_name": "exercise", "term": "warr"},
    )
    assert [r["text"] for r in autocomplete.json()["results"]] == ["Warrior one"]


def test_saving_a_post_with_its_programme(admin_client, post, library, clinician):
    change = admin_client.get(reverse("admin:posts_post_change", args=[post.pk]))
    form = change.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and not isinstance(value, list)
    }
    data.update(
        title=post.title,
        slug=post.slug,
        author=clinician.pk,
        body="<p>The iliopsoas.</p>",
        status="published",
        published_at_0=post.published_at.strftime("%Y-%m-%d"),
        published_at_1=post.published_at.strftime("%H:%M:%S"),
        comments_open="on",
        tags="",
        topics=[library.iliopsoas.pk],
        conditions=[library.snapping_hip.pk],
        **{
            "exercise_entries-TOTAL_FORMS": "2",
            "exercise_entries-INITIAL_FORMS": "0",
            "exercise_entries-0-order": "2",
            "exercise_entries-0-exercise": library.bridge.pk,
            "exercise_entries-1-order": "1",
            "exercise_entries-1-exercise": library.warrior.pk,
            "exercise_entries-1-dosage": "Five breaths",
            "posts-reference-content_type-object_id-TOTAL_FORMS": "0",
            "posts-reference-content_type-object_id-INITIAL_FORMS": "0",
        },
    )
    data.pop("featured_image", None)
    response = admin_client.post(reverse("admin:posts_post_change", args=[post.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    post = Post.objects.get(pk=post.pk)
    assert [e.exercise for e in PostExercise.objects.filter(post=post)] == [library.warrior, library.bridge]
    assert list(post.topics.all()) == [library.iliopsoas]
    assert 'href="/anatomy/iliopsoas/"' in post.body_html


def test_changelists_do_not_query_per_row(admin_client, library, django_assert_max_num_queries):
    for n in range(20):
        PostFactory(last_reviewed=timezone.localdate() - datetime.timedelta(days=n * 40))
    admin_client.get(reverse("admin:posts_exercise_changelist"))
    # The clinician is an Author, not a superuser: loading her permissions costs two queries.
    for model, budget in (("exercise", 14), ("anatomytopic", 14), ("post", 16)):
        with django_assert_max_num_queries(budget):
            assert admin_client.get(reverse(f"admin:posts_{model}_changelist")).status_code == 200
