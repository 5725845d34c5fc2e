"""The demo library: the iliopsoas, its neighbours, conditions and exercises, linked to the post."""

import pytest

from posts.demo import load_content
from posts.models import AnatomyTopic, Condition, Exercise, ExerciseTarget, Post, PostExercise

pytestmark = pytest.mark.django_db


class TestDemoLibrary:
    def test_demo_library_links_everything_to_the_iliopsoas_post(self):
        load_content()
        post = Post.objects.get(slug="its-the-iliopsoas-stupid")
        programme = [entry.exercise.slug for entry in post.exercise_entries.all()]
        assert programme == [
            "hanging-leg-raise",
            "abdominal-ball-release",
            "warrior-one",
            "triangle",
            "extended-side-angle",
            "boat",
            "pigeon",
            "forward-leg-swings",
            "sideways-leg-swings",
        ]
        assert {"snapping-hip", "iliopsoas-bursitis", "iliopsoas-syndrome", "low-back-pain", "knee-pain"} == set(
            post.conditions.values_list("slug", flat=True)
        )
        iliopsoas = AnatomyTopic.objects.get(slug="iliopsoas")
        assert iliopsoas.pronunciation == "ILL-ee-oh-SO-as"
        assert iliopsoas.pronunciation_note == "the p in psoas is silent"
        assert {"psoas", "hip flexors", "iliopsoas muscle"} <= set(iliopsoas.alias_list)
        assert set(iliopsoas.parts.values_list("slug", flat=True)) == {"psoas-major", "iliacus"}
        assert list(iliopsoas.antagonists.values_list("slug", flat=True)) == ["gluteus-maximus"]
        # Every exercise that stretches it, including through its parts, is reachable.
        stretches = Exercise.objects.for_topic(iliopsoas).filter(goals__slug="stretch")
        assert set(stretches.values_list("slug", flat=True)) == {
            "warrior-one",
            "triangle",
            "extended-side-angle",
            "pigeon",
        }
        for exercise in Exercise.objects.all():
            assert exercise.step_list and exercise.caution_list, exercise
            assert exercise.last_reviewed and exercise.reviewed_by
        # The post body now links its first mentions to the topics.
        assert 'href="/anatomy/iliopsoas/"' in post.body_html
        assert "ILL-ee-oh-SO-as" in post.body_html
        assert "/anatomy/" not in post.body

    def test_loading_twice_changes_nothing(self):
        load_content()

        def snapshot():
            return {
                "topics": sorted(AnatomyTopic.objects.values_list("slug", "name", "aliases", "parent__slug")),
                "exercises": sorted(Exercise.objects.values_list("slug", "steps", "last_reviewed")),
                "targets": ExerciseTarget.objects.count(),
                "conditions": sorted(Condition.objects.values_list("slug", "last_reviewed")),
                "programme": list(PostExercise.objects.order_by("post", "order").values_list("exercise__slug", "note")),
                "html": list(Post.objects.order_by("pk").values_list("body_html", flat=True)),
            }

        first = snapshot()
        load_content()
        assert snapshot() == first

    def test_the_demo_has_one_overdue_review_for_the_admin_to_show(self):
        load_content()
        assert list(Condition.objects.review_overdue().values_list("slug", flat=True)) == ["knee-pain"]
