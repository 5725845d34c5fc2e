import pytest

from tests.factories import PostExerciseFactory


@pytest.fixture
def programme(post, library):
    """The iliopsoas post with three exercises, in order."""
    for order, exercise in enumerate((library.warrior, library.ball_release, library.bridge), start=1):
        PostExerciseFactory(post=post, exercise=exercise, order=order)
    return [library.warrior, library.ball_release, library.bridge]


def add_all(client, post):
    return client.post("/plans/add/", {"post": post.pk, "next": post.get_absolute_url()})


def names_in(page, exercises):
    """The exercises' names in the order the page shows them."""
    return sorted((exercise.name for exercise in exercises), key=page.index)
