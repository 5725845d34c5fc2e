"""Comment factories (the comments app's own, beside the shared tests/factories.py)."""

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from comments.models import Comment
from posts.models import Post
from tests.factories import PostFactory


class CommentFactory(factory.django.DjangoModelFactory):
    """An approved top-level comment on a post; pass ``parent=`` for a reply."""

    class Meta:
        model = Comment
        exclude = ["post", "parent"]

    parent = None
    post = factory.LazyAttribute(lambda o: o.parent.content_object if o.parent else PostFactory())
    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Post))
    object_pk = factory.LazyAttribute(lambda o: str(o.post.pk))
    site_id = 1
    user_name = factory.Faker("name")
    user_email = factory.Sequence(lambda n: f"reader{n}@example.org")
    comment = factory.Sequence(lambda n: f"A thought about the hip, number {n}.")
    submit_date = factory.LazyFunction(timezone.now)
    state = Comment.State.APPROVED
    parent_id = factory.LazyAttribute(lambda o: o.parent.pk if o.parent else 0)
    ip_address = "192.0.2.10"


class PingbackFactory(CommentFactory):
    """A pingback as the WordPress import keeps it: the linking site's name, address and excerpt, no email."""

    kind = Comment.Kind.PINGBACK
    user_name = "Another Blog"
    user_url = "https://another-blog.example/hips/"
    user_email = ""
    comment = "[…] a good read on the iliopsoas […]"
