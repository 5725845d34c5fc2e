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


@pytest.fixture
def user(db):
    """A reader with an account, whose address is verified (as every local account's must be to log in)."""
    from allauth.account.models import EmailAddress

    reader = UserFactory(username="reader")
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    return reader


@pytest.fixture
def clinician(db):
    """The clinician: staff, writes posts (superuser until the roles migration lands)."""
    return UserFactory(username="clinician", is_staff=True, is_superuser=True, first_name="Maya", last_name="Lindqvist")


@pytest.fixture
def moderator(db):
    """A staff member who works the comment queue."""
    return UserFactory(username="moderator", is_staff=True)


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
    """The cache outlives each test's rolled-back transaction; start every test empty."""
    from django.core.cache import cache

    cache.clear()


# Hypothesis: no per-example deadline (the database sets the pace); under CI the examples are
# derived from the test itself, so a run is reproducible and a red CI is never a dice roll.
hypothesis_settings.register_profile("default", deadline=None)
hypothesis_settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") == "true" else "default")
