"""Journey: a reader opens the home page, then the iliopsoas post, on a laptop and a phone."""

import pytest

from posts.demo import load_content

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    load_content()


def test_reader_opens_home_then_the_iliopsoas_post(demo, live_server, page, screenshot, offsite_requests):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Notes from the clinic"
    screenshot(page, "home-laptop")

    page.get_by_role("link", name="It’s the iliopsoas, stupid!").click()
    page.wait_for_url("**/posts/its-the-iliopsoas-stupid/")
    assert page.locator("article h1").inner_text() == "It’s the iliopsoas, stupid!"
    assert page.get_by_role("heading", name="Two muscles that share one tendon").is_visible()
    assert "lesser trochanter" in page.locator(".prose").inner_text()
    # The table of contents jumps to a section by its anchor.
    page.locator(".toc").get_by_role("link", name="What helps").click()
    page.wait_for_url("**#what-helps")
    # The featured image has real alt text and loaded from our own server.
    image = page.locator("figure.featured img")
    assert "pelvis" in image.get_attribute("alt")
    assert page.evaluate("img => img.naturalWidth", image.element_handle()) > 0
    screenshot(page, "post-laptop")

    page.get_by_role("link", name="Up", exact=True).click()
    assert offsite_requests() == []


def test_post_reads_well_on_a_phone(demo, live_server, phone_page, screenshot):
    phone_page.goto(live_server.url + "/posts/its-the-iliopsoas-stupid/")
    assert phone_page.locator("article h1").is_visible()
    # Nothing overflows sideways on a 390px screen.
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot(phone_page, "post-phone")


def test_keyboard_user_can_skip_to_content(demo, live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
