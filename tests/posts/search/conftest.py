import pytest
from django.db import transaction

from posts.demo import load_content


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker):
    """The demo posts and library, written once for a module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_content()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_content, db):
    """The demo content, for one test (whose own writes are rolled back after it)."""
