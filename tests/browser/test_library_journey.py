"""Journey: a reader goes from the iliopsoas topic to an exercise, then filters the exercise library."""

import re

import pytest

from posts.demo import load_content

pytestmark = pytest.mark.django_db(transaction=True)

STRETCHES_FOR_ILIOPSOAS = ["Extended side angle", "Pigeon", "Triangle", "Warrior one"]


@pytest.fixture
def demo(transactional_db):
    load_content()


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


def test_reader_opens_the_topic_follows_an_exercise_and_filters_the_library(
    demo, live_server, page, screenshot, offsite_requests
):
    page.goto(live_server.url + "/anatomy/iliopsoas/")
    assert page.locator("h1").inner_text() == "Iliopsoas"
    assert "ILL-ee-oh-SO-as" in page.locator(".pronunciation").inner_text()
    facts = page.locator("table.facts")
    assert "lesser trochanter" in facts.get_by_role("row", name=re.compile("Insertion")).inner_text()
    assert facts.get_by_role("link", name="Psoas major").is_visible()
    screenshot(page, "library-topic-laptop")

    stretch_list = page.locator("h3", has_text="To stretch it").locator("xpath=following-sibling::ul[1]")
    assert sorted(stretch_list.locator(":scope > li > a").all_inner_texts()) == STRETCHES_FOR_ILIOPSOAS
    stretch_list.get_by_role("link", name="Warrior one").click()
    page.wait_for_url("**/exercises/warrior-one/")
    assert page.locator("h1").inner_text() == "Warrior one"
    assert page.locator("ol.steps > li").count() == 5
    assert page.get_by_role("heading", name="Take care").is_visible()
    assert page.locator(".dosage-box").get_by_text("Hold 30 seconds, 2 times each side").is_visible()
    screenshot(page, "library-exercise-laptop")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Exercises").click()
    page.wait_for_url("**/exercises/")
    page.get_by_label("Goal", exact=True).select_option("stretch")
    page.get_by_label("Body part", exact=True).select_option("iliopsoas")
    page.get_by_role("button", name="Show exercises").click()
    page.wait_for_url(lambda url: "goal=stretch" in url and "topic=iliopsoas" in url)
    names = page.locator(".exercise-card .card__title").all_inner_texts()
    assert names == STRETCHES_FOR_ILIOPSOAS
    assert page.locator(".active-filters").get_by_text("Showing 4 exercises for:").is_visible()
    screenshot(page, "library-exercises-filtered-laptop")

    # Removing the goal keeps the body part, which brings in its parts' exercises.
    page.get_by_role("link", name="Remove filter Goal: Stretch").click()
    page.wait_for_url(re.compile(r"/exercises/\?topic=iliopsoas$"))
    names = page.locator(".exercise-card .card__title").all_inner_texts()
    assert "Abdominal soft-tissue release with a ball" in names  # targets psoas major, a part
    assert "Sideways leg swings" not in names
    assert offsite_requests() == []


def test_keyboard_reader_sees_the_pronunciation_of_a_linked_mention(demo, live_server, page, screenshot):
    page.goto(live_server.url + "/posts/its-the-iliopsoas-stupid/")
    mention = page.locator(".prose a.mention", has_text="iliopsoas").first
    assert mention.get_attribute("href") == "/anatomy/iliopsoas/"
    assert mention.locator("abbr").get_attribute("title") == "Say ILL-ee-oh-SO-as (the p in psoas is silent)"
    mention.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    tooltip = mention.locator("abbr").evaluate("el => getComputedStyle(el, '::after').content")
    assert "ILL-ee-oh-SO-as" in tooltip
    screenshot(page, "library-mention-focus-laptop", full_page=False)
    plan = page.locator("ol.exercise-plan > li")
    assert plan.count() == 9
    assert plan.first.locator("h3").inner_text() == "Hanging leg raise"
    plan.first.scroll_into_view_if_needed()
    screenshot(page, "library-post-programme-laptop", full_page=False)


@pytest.mark.parametrize(
    "path, name",
    [
        ("/anatomy/", "library-anatomy-index-phone"),
        ("/anatomy/iliopsoas/", "library-topic-phone"),
        ("/exercises/?goal=stretch&topic=iliopsoas", "library-exercises-filtered-phone"),
        ("/exercises/abdominal-ball-release/", "library-exercise-phone"),
        ("/conditions/low-back-pain/", "library-condition-phone"),
    ],
)
def test_library_pages_fit_a_phone(demo, live_server, phone_page, screenshot, path, name):
    phone_page.goto(live_server.url + path)
    assert phone_page.locator("h1").is_visible()
    assert no_sideways_scroll(phone_page)
    screenshot(phone_page, name)


def test_the_post_programme_fits_a_phone(demo, live_server, phone_page, screenshot):
    phone_page.goto(live_server.url + "/posts/its-the-iliopsoas-stupid/")
    section = phone_page.locator(".post-library")
    section.scroll_into_view_if_needed()
    assert no_sideways_scroll(phone_page)
    assert section.get_by_role("link", name="Warrior one").is_visible()
    screenshot(phone_page, "library-post-phone")
