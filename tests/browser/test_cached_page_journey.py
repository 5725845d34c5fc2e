"""Journey: an anonymous reader comments on a post page served from the page cache.

The cached page holds no token; form-tokens.js fetches this reader's CSRF token and the
comment form's signed timestamp, and the comment goes through with CSRF checks on.
"""

import re

import pytest
from django.core.cache import caches
from playwright.sync_api import expect

from tests.browser.test_comment_journey import POST_URL, demo, write_comment  # noqa: F401 (demo is a fixture)
from tests.comments.conftest import moderators_group  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_a_reader_comments_from_a_cached_page(demo, page_cache, live_server, page, mailoutbox, axe):  # noqa: F811
    page.goto(live_server.url + POST_URL)  # stores the page
    response = page.goto(live_server.url + POST_URL)
    assert response.headers["x-page-cache"] == "hit"
    assert "set-cookie" not in response.headers
    csrf = page.locator("#comment-form input[name=csrfmiddlewaretoken]")
    expect(csrf).to_have_attribute("value", re.compile(r".{32,}"))
    expect(page.locator("#comment-form input[name=timestamp]")).to_have_attribute("value", re.compile(r"^\d+$"))
    axe(page, label="the cached post page")
    write_comment(page, name="Ines Duarte", email="ines@example.org", text="Does this apply to runners too?")
    expect(page.get_by_role("heading", name="Almost there: check your email")).to_be_visible()
    assert any(message.to == ["ines@example.org"] for message in mailoutbox)


def test_without_javascript_the_form_page_carries_its_tokens(demo, page_cache, live_server, browser):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + POST_URL)
    page.goto(live_server.url + POST_URL)
    page.get_by_role("link", name="open the page with the form ready to send").first.click()
    assert page.url.endswith("?form=1")
    value = page.locator("#comment-form input[name=csrfmiddlewaretoken]").get_attribute("value")
    assert value and len(value) >= 32
    context.close()
