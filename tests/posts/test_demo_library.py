"""The demo library: the iliopsoas, its neighbours, conditions and exercises, linked to the post."""

import io

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from posts.demo import load_content
from posts.models import AnatomyTopic, Condition, Exercise, ExerciseTarget, Image, Post, PostExercise
from tests.factories import make_image

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


class TestDemoExerciseImages:
    """Every demo exercise has a drawing from the media library, so plans, PDFs and exercise pages show one."""

    def test_each_exercise_has_its_own_library_image_with_alt_text(self):
        load_content()
        exercises = list(Exercise.objects.select_related("image"))
        assert len(exercises) == 9
        for exercise in exercises:
            image = exercise.image
            assert image is not None, exercise
            assert exercise.image_alt_text.startswith("Drawing of a person"), exercise
            assert len(exercise.image_alt_text) > 60  # says what the pose is, not just "exercise"
            assert (image.width, image.height, image.format) == (960, 480, "png")
            assert {r["type"] for r in image.renditions} == {"image/png", "image/webp"}
            assert all(default_storage.exists(r["name"]) for r in image.renditions)
        assert len({exercise.image_id for exercise in exercises}) == 9
        assert len({exercise.image_alt_text for exercise in exercises}) == 9

    def test_loading_twice_keeps_one_image_each(self):
        load_content()
        first = dict(Exercise.objects.values_list("slug", "image"))
        images = Image.objects.count()
        load_content()
        assert dict(Exercise.objects.values_list("slug", "image")) == first
        assert Image.objects.count() == images

    def test_an_image_the_clinician_chose_is_kept(self):
        load_content()
        boat = Exercise.objects.get(slug="boat")
        boat.image = make_image(40, 30, alt="A photo of the clinician in boat pose")
        boat.save()
        load_content()
        assert Exercise.objects.get(slug="boat").image_alt_text == "A photo of the clinician in boat pose"

    def test_the_exercise_page_the_plan_and_its_pdf_show_the_drawing(self, client):
        load_content()
        pigeon = Exercise.objects.get(slug="pigeon")
        alt = pigeon.image_alt_text
        assert f'alt="{alt}"' in client.get(pigeon.get_absolute_url()).content.decode()
        client.post("/plans/add/", {"post": Post.objects.get(slug="its-the-iliopsoas-stupid").pk})
        assert client.get("/plans/").content.decode().count('class="plan-exercise__image"') == 9
        reader = PdfReader(io.BytesIO(client.get("/plans/pdf/").content))
        # WeasyPrint may list an image in the resources of every page: count the distinct ones.
        assert len({image.data for page in reader.pages for image in page.images}) == 9
