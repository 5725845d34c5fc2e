"""axe-core on readers' pages at 1280 and 390 px: WCAG 2.2 A/AA and best practice, 0 violations.

Later work adds its pages to AUDITED; every page type a reader or staff member can reach
belongs here.
"""

import pytest

from posts.demo import load_content

pytestmark = pytest.mark.django_db(transaction=True)

AUDITED = [
    "/",
    "/posts/its-the-iliopsoas-stupid/",
    "/anatomy/",
    "/anatomy/iliopsoas/",
    "/conditions/",
    "/exercises/",
    "/exercises/?goal=stretch",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/notifications/follow/",
    "/search/?q=psoas",
    "/search/?q=soas",
    "/search/?q=xylophone",
    "/search/?q=",
]


@pytest.fixture
def demo(transactional_db):
    load_content()


@pytest.mark.parametrize("path", AUDITED)
def test_readers_pages_have_no_axe_violations(demo, live_server, sized_page, axe, path):
    sized_page.goto(live_server.url + path)
    axe(sized_page, label=f"{path} at {sized_page.width} px")


def test_axe_fixture_reports_a_real_violation(demo, live_server, page, axe):
    """The fixture can fail: an image without alt text is caught."""
    page.goto(live_server.url + "/")
    page.evaluate("() => document.querySelector('main').append(Object.assign(new Image(), {src: '/favicon.svg'}))")
    with pytest.raises(AssertionError, match="image-alt"):
        axe(page)


def test_the_database_down_page_has_no_axe_violations(live_server, sized_page, axe, monkeypatch):
    """templates/503.html, what readers see while PostgreSQL restarts."""
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    def down(*args, **kwargs):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(CursorWrapper, "execute", down)
    response = sized_page.goto(live_server.url + "/")
    assert response.status == 503 and sized_page.get_by_role("heading", name="Back in a moment").is_visible()
    axe(sized_page, label=f"503 page at {sized_page.width} px")
