import datetime

import pytest
from django.core.exceptions import ValidationError

from posts.models import AnatomyTopic, Condition, Exercise, ExerciseTarget, PostExercise
from posts.models.exercise import dosage_text
from posts.models.library import review_overdue_cutoff
from tests.factories import AnatomyTopicFactory, ConditionFactory, ExerciseFactory, PostExerciseFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory", [AnatomyTopicFactory, ConditionFactory, ExerciseFactory])
def test_library_bodies_are_sanitised_and_aliases_tidied_on_save(factory):
    entry = factory(
        slug="",
        name="Hip flexor",
        body='<p onclick="x()">Text<script>alert(1)</script></p>',
        aliases=" psoas ,, hip flexors;\nILIOPSOAS ",
    )
    entry.refresh_from_db()
    assert entry.slug == "hip-flexor"
    assert "script" not in entry.body and "onclick" not in entry.body
    assert entry.alias_list == ["psoas", "hip flexors", "ILIOPSOAS"]
    assert entry.aliases == "psoas, hip flexors, ILIOPSOAS"


def test_slugs_stay_unique():
    first = AnatomyTopicFactory(name="Psoas", slug="")
    second = AnatomyTopic.objects.create(name="Psoas", author=first.author)
    assert (first.slug, second.slug) == ("psoas", "psoas-2")


def test_a_topic_cannot_be_part_of_its_own_part(library):
    library.iliopsoas.parent = library.psoas_major
    with pytest.raises(ValidationError, match="part of itself"):
        library.iliopsoas.full_clean()


def test_an_illustration_takes_the_library_alt_text_unless_it_has_its_own(clinician):
    from tests.factories import make_image

    topic = AnatomyTopic(name="Femur", slug="femur", author=clinician, illustration=make_image(alt="The thigh bone"))
    topic.full_clean()
    assert topic.illustration_alt_text == "The thigh bone"
    topic.illustration_alt = "The femur from the front"
    assert topic.illustration_alt_text == "The femur from the front"


def test_an_exercise_needs_steps(clinician):
    exercise = Exercise(name="Nothing", slug="nothing", steps=" \n ", author=clinician)
    with pytest.raises(ValidationError) as caught:
        exercise.full_clean(exclude=["goals"])
    assert "steps" in caught.value.message_dict


def test_parts_are_found_to_any_depth_in_one_query(library, django_assert_num_queries):
    fibres = AnatomyTopicFactory(name="Psoas fibres", slug="psoas-fibres", parent=library.psoas_major)
    with django_assert_num_queries(1):
        ids = AnatomyTopic.objects.with_part_ids(library.iliopsoas)
    assert ids == {library.iliopsoas.pk, library.psoas_major.pk, library.iliacus.pk, fibres.pk}


def test_an_exercise_filter_on_a_topic_includes_its_parts_once_each(library):
    ExerciseTarget.objects.create(exercise=library.warrior, topic=library.psoas_major, role="stretched")
    found = list(Exercise.objects.for_topic(library.iliopsoas).order_by("name"))
    assert found == [library.ball_release, library.warrior]
    assert list(Exercise.objects.for_topic(library.psoas_major).order_by("name")) == [
        library.ball_release,
        library.warrior,
    ]
    assert list(Exercise.objects.for_topic(library.femur)) == []


def test_goal_and_equipment_filters(library):
    assert set(Exercise.objects.for_goal(library.strengthen)) == {library.warrior, library.bridge}
    assert list(Exercise.objects.for_equipment(library.ball)) == [library.ball_release]
    assert list(Exercise.objects.for_equipment(None)) == [library.bridge]


def test_antagonists_and_reverse_links_hold_both_ways(library):
    assert list(library.gluteus.antagonists.all()) == [library.iliopsoas]
    assert list(library.iliopsoas.parts.order_by("name")) == [library.iliacus, library.psoas_major]
    assert list(library.iliopsoas.conditions.all()) == [library.snapping_hip]
    assert set(library.gluteus.exercises.all()) == {library.warrior, library.bridge}


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"sets": 3, "reps": 10}, "3 sets of 10"),
        ({"sets": 1, "reps": 8, "per_side": True}, "1 set of 8, each side"),
        ({"reps": 12, "per_side": True}, "12 repetitions, each side"),
        ({"sets": 3, "reps": 5, "hold_seconds": 2}, "3 sets of 5, holding 2 seconds"),
        ({"sets": 2, "hold_seconds": 30, "per_side": True}, "Hold 30 seconds, 2 times each side"),
        ({"sets": 1, "hold_seconds": 90, "per_side": True}, "Hold 90 seconds, each side"),
        ({"hold_seconds": 90}, "Hold 90 seconds"),
        ({"sets": 2}, "2 rounds"),
        ({"per_side": True}, ""),
    ],
)
def test_dosage_reads_like_an_exercise_sheet(kwargs, expected):
    assert dosage_text(**kwargs) == expected


def test_a_post_keeps_its_exercises_in_order_with_its_own_dosage(post, library):
    PostExerciseFactory(post=post, exercise=library.bridge, order=2)
    PostExerciseFactory(post=post, exercise=library.warrior, order=1, dosage="5 breaths", note="Tuck the pelvis.")
    entries = list(post.exercise_entries.all())
    assert [e.exercise for e in entries] == [library.warrior, library.bridge]
    assert entries[0].dosage_shown == "5 breaths"
    assert entries[1].dosage_shown == "2 sets of 10"  # the exercise's default
    assert list(library.warrior.posts.all()) == [post]


def test_an_exercise_used_in_a_post_cannot_be_deleted_by_accident(post, library):
    PostExercise.objects.create(post=post, exercise=library.warrior)
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        library.warrior.delete()


@pytest.mark.parametrize(
    "today, months, cutoff",
    [
        (datetime.date(2026, 11, 25), 12, datetime.date(2025, 11, 25)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2024, 3, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2026, 1, 15), 1, datetime.date(2025, 12, 15)),
        (datetime.date(2026, 5, 10), 18, datetime.date(2024, 11, 10)),
    ],
)
def test_review_overdue_cutoff_counts_calendar_months(settings, today, months, cutoff):
    settings.REVIEW_OVERDUE_MONTHS = months
    assert review_overdue_cutoff(today) == cutoff


def test_never_reviewed_or_old_reviews_are_overdue(settings):
    settings.REVIEW_OVERDUE_MONTHS = 12
    today = datetime.date.today()
    fresh = ConditionFactory(last_reviewed=today)
    old = ConditionFactory(last_reviewed=today - datetime.timedelta(days=400))
    never = ConditionFactory(last_reviewed=None)
    assert set(Condition.objects.review_overdue()) == {old, never}
    assert (fresh.review_overdue, old.review_overdue, never.review_overdue) == (False, True, True)
