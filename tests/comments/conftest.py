import time

import pytest
from django.contrib.auth.models import Group

from comments.forms import CommentForm
from comments.roles import AUTHORS, MODERATORS
from tests.conftest import clear_memory_caches, verified
from tests.factories import UserFactory


def form_data(target, *, age=10, **fields):
    """A filled-in comment form for ``target``, as if it had been served ``age`` seconds ago."""
    form = CommentForm(target)
    timestamp = int(time.time()) - age
    data = {
        "content_type": str(target._meta),
        "object_pk": str(target.pk),
        "timestamp": str(timestamp),
        "security_hash": form.initial_security_hash(timestamp),
        "reply_to": "0",
        "honeypot": "",
        "name": "Priya Natarajan",
        "email": "priya@example.org",
        "url": "",
        "comment": "The p is silent — I couldn't find it when I searched!",
        "next": "/comments/sent/",
    }
    data.update({key: value for key, value in fields.items() if value is not None})
    for key, value in fields.items():
        if value is None:
            data.pop(key, None)
    return data


@pytest.fixture
def comment_form():
    return form_data


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    clear_memory_caches()
    yield
    clear_memory_caches()


@pytest.fixture
def moderators_group(db):
    """Created by the roles migration (recreated for transactional tests, which flush it)."""
    from django.apps import apps as global_apps

    group = Group.objects.filter(name=MODERATORS).first()
    if group is None or not group.permissions.exists():
        _run_roles_migration(global_apps)
        group = Group.objects.get(name=MODERATORS)
    return group


@pytest.fixture
def authors_group(db, moderators_group):
    return Group.objects.get(name=AUTHORS)


def _run_roles_migration(apps):
    import importlib

    migration = importlib.import_module("comments.migrations.0002_create_roles")
    migration.create_roles(apps)


@pytest.fixture
def queue_moderator(db, moderators_group):
    """A staff member in the Moderators group only."""
    user = UserFactory(username="sam", first_name="Sam", last_name="Okoro", is_staff=True)
    user.groups.add(moderators_group)
    return verified(user)


@pytest.fixture
def author(db, authors_group):
    """A staff member in the Authors group (not a superuser)."""
    user = UserFactory(username="author", first_name="Alex", last_name="Writer", is_staff=True)
    user.groups.add(authors_group)
    return verified(user)


# Social login with mocked provider HTTP (tests/comments/social.py).
from tests.comments.social import picture_downloads, providers_on  # noqa: E402, F401
