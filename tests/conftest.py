import os
import shutil

import pytest
from django.conf import settings
from django.test import Client
from hypothesis import settings as hypothesis_settings

from tests.factories import PostFactory, UserFactory


@pytest.fixture(autouse=True, scope="session")
def _clean_test_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def verified(user):
    """Give ``user`` a verified primary address: local accounts (staff too) must have one to log in."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


@pytest.fixture
def user(db):
    """A reader with an account, whose address is verified (as every local account's must be to log in)."""
    return verified(UserFactory(username="reader"))


def role_group(name):
    """The Authors or Moderators group from the roles migration (made again where a
    transactional test flushed it)."""
    import importlib

    from django.apps import apps as global_apps
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name=name).first()
    if group is None or not group.permissions.exists():
        importlib.import_module("comments.migrations.0002_create_roles").create_roles(global_apps)
        from comments.roles import grant_authors_content_permissions

        grant_authors_content_permissions()
        group = Group.objects.get(name=name)
    return group


@pytest.fixture
def clinician(db):
    """The clinician: staff in the Authors group (not a superuser), as the demo has her."""
    user = UserFactory(username="clinician", is_staff=True, first_name="Maya", last_name="Lindqvist")
    user.groups.add(role_group("Authors"))
    return verified(user)


@pytest.fixture
def operator(db):
    """The operator: a superuser, for what the roles leave out."""
    return verified(
        UserFactory(username="operator", is_staff=True, is_superuser=True, first_name="Ola", last_name="Operator")
    )


@pytest.fixture
def moderator(db):
    """A staff member who works the comment queue."""
    return verified(UserFactory(username="moderator", is_staff=True))


@pytest.fixture
def client_as(db):
    """client_as(user) -> a test client logged in as that user."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def post(db, clinician):
    return PostFactory(author=clinician, title="It’s the iliopsoas, stupid!", slug="its-the-iliopsoas-stupid")


@pytest.fixture(autouse=True)
def _clear_cache():
    """In-memory caches outlive each test's rolled-back transaction; start every test empty.

    (The shared limits table, where it is the store, is rolled back with each test.)"""
    clear_memory_caches()


def clear_memory_caches():
    from django.core.cache import caches

    for alias, config in settings.CACHES.items():
        if config["BACKEND"] != "comments.counters.DatabaseCounterCache" and not config["BACKEND"].endswith(
            "LimitsRoutingCache"
        ):
            caches[alias].clear()


# Hypothesis: no per-example deadline (the database sets the pace); under CI the examples are
# derived from the test itself, so a run is reproducible and a red CI is never a dice roll.
hypothesis_settings.register_profile("default", deadline=None)
hypothesis_settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") == "true" else "default")


@pytest.fixture(scope="module")
def redis_url():
    """A redis-server of the test module's own on loopback, removed afterwards (never the machine's)."""
    from tests.loopback.services import LoopbackRedis

    if not LoopbackRedis.available():
        pytest.skip("needs redis-server")
    server = LoopbackRedis().start()
    yield server.url
    server.stop()
