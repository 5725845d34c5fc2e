"""factory-boy factories shared by the whole suite."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from posts.models import AuthorProfile, Category, Page, Post


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
