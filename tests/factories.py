"""factory-boy factories shared by the whole suite."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from posts.models import (
    AnatomyTopic,
    AuthorProfile,
    Category,
    Condition,
    Equipment,
    Exercise,
    ExerciseTarget,
    Goal,
    Page,
    Post,
    PostExercise,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("pass-for-tests-123")


class AuthorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuthorProfile

    user = factory.SubFactory(UserFactory, is_staff=True)
    display_name = factory.LazyAttribute(lambda p: p.user.get_full_name() or p.user.username)
    slug = factory.Sequence(lambda n: f"author-{n}")
    credentials = "Chartered physiotherapist"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class PostFactory(factory.django.DjangoModelFactory):
    """A published post, a day old; pass status/published_at for drafts and schedules."""

    class Meta:
        model = Post

    title = factory.Sequence(lambda n: f"Post number {n}")
    author = factory.SubFactory(UserFactory, is_staff=True)
    excerpt = "A short summary."
    body = "<p>Some text about the hip.</p>"
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    body = "<p>Page text.</p>"


# --- The clinic library ------------------------------------------------------------


class AnatomyTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnatomyTopic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Muscle {n}")
    slug = factory.LazyAttribute(lambda t: slugify(t.name))
    kind = AnatomyTopic.Kind.MUSCLE
    region = AnatomyTopic.Region.HIP_PELVIS
    summary = "A structure near the hip."
    author = factory.SubFactory(UserFactory, is_staff=True)
    reviewed_by = factory.SelfAttribute("author")
    last_reviewed = factory.LazyFunction(timezone.localdate)


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.LazyAttribute(lambda c: slugify(c.name))
    summary = "A problem around the hip."
    symptoms = "An ache at the front of the hip\nStiffness after sitting"
    author = factory.SubFactory(UserFactory, is_staff=True)
    reviewed_by = factory.SelfAttribute("author")
    last_reviewed = factory.LazyFunction(timezone.localdate)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal
        django_get_or_create = ["slug"]

    slug = "stretch"
    name = factory.LazyAttribute(lambda g: g.slug.replace("-", " ").capitalize())


class EquipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Equipment
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Tool {n}")
    slug = factory.LazyAttribute(lambda e: slugify(e.name))


class ExerciseFactory(factory.django.DjangoModelFactory):
    """An exercise; ``goals=[...]``, ``equipment=[...]`` and ``targets=[(topic, role), ...]`` link it."""

    class Meta:
        model = Exercise
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Exercise {n}")
    slug = factory.LazyAttribute(lambda e: slugify(e.name))
    summary = "Moves the hip."
    steps = "Stand tall.\nLift the knee.\nLower it slowly."
    cautions = "Stop if it hurts."
    sets = 2
    reps = 10
    author = factory.SubFactory(UserFactory, is_staff=True)
    reviewed_by = factory.SelfAttribute("author")
    last_reviewed = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        if create and extracted:
            self.goals.set(extracted)

    @factory.post_generation
    def equipment(self, create, extracted, **kwargs):
        if create and extracted:
            self.equipment.set(extracted)

    @factory.post_generation
    def targets(self, create, extracted, **kwargs):
        for topic, role in extracted or ():
            ExerciseTarget.objects.create(exercise=self, topic=topic, role=role)


class PostExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostExercise

    post = factory.SubFactory(PostFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    order = factory.Sequence(int)


# --- The media library ---------------------------------------------------------------


def image_bytes(width=64, height=48, fmt="JPEG", color="#1f5f5b", **save_options):
    """An image file made with Pillow (no binary files in the repository)."""
    import io

    from PIL import Image as PILImage

    mode = "RGBA" if fmt in ("PNG", "WEBP") and save_options.pop("transparent", False) else "RGB"
    buffer = io.BytesIO()
    PILImage.new(mode, (width, height), color).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


def make_image(width=64, height=48, *, alt="A drawing of the hip", fmt="JPEG", name=None, **kwargs):
    """A library image stored through ``image_create``, as an upload would be."""
    from django.core.files.base import ContentFile

    from posts.media.services import image_create

    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}[fmt]
    data = image_bytes(width, height, fmt, color=kwargs.pop("color", "#1f5f5b"))
    return image_create(file=ContentFile(data, name=name or f"drawing.{extension}"), alt=alt, **kwargs)
