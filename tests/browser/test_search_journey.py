"""Journey: a reader who only knows how "psoas" sounds finds the iliopsoas from the header's search box."""

import pytest

from posts.demo import load_content

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    load_content()


def test_typing_soas_offers_the_iliopsoas_and_the_keyboard_reaches_it(
    demo, live_server, page, screenshot, offsite_requests, axe
):
    page.goto(live_server.url + "/posts/warm-up-before-you-stretch/")
    box = page.get_by_role("combobox", name="Search the site")
    box.click()
    box.press_sequentially("soas", delay=60)
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.wait_for()
    first = listbox.get_by_role("option").first
    assert first.inner_text().startswith("Iliopsoas")
    assert "psoas" in first.inner_text()
    assert box.get_attribute("aria-expanded") == "true"
    assert "suggestion" in page.locator("form.site-search [role=status]").inner_text()
    axe(page, label="header suggestions open")
    screenshot(page, "search-suggestions-laptop", full_page=False)
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url("**/anatomy/iliopsoas/")
    assert page.locator("h1").inner_text() == "Iliopsoas"
    assert offsite_requests() == []


def test_a_click_on_a_suggestion_opens_it(demo, live_server, page):
    page.goto(live_server.url + "/")
    box = page.get_by_role("combobox", name="Search the site")
    box.fill("pigeo")
    page.get_by_role("option", name="Pigeon").first.click()
    page.wait_for_url("**/exercises/pigeon/")


def test_submitting_soas_lists_the_iliopsoas_first_and_it_opens(demo, live_server, page, screenshot):
    page.goto(live_server.url + "/")
    box = page.get_by_role("combobox", name="Search the site")
    box.fill("soas")
    page.get_by_role("listbox", name="Suggestions").wait_for()
    box.press("Enter")  # no suggestion chosen: Enter searches
    page.wait_for_url("**/search/?q=soas")
    first = page.locator(".search-result__title a").first
    assert first.inner_text() == "Iliopsoas"
    assert page.locator(".did-you-mean a").inner_text() == "psoas"
    screenshot(page, "search-results-laptop")
    first.click()
    page.wait_for_url("**/anatomy/iliopsoas/")


def test_the_form_works_without_javascript(demo, live_server, browser, screenshot):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_label("Search the site").fill("illiopsoas")
    page.get_by_role("search", name="Site").get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=illiopsoas")
    assert page.locator(".search-result__title a").first.inner_text() == "Iliopsoas"
    assert page.locator(".did-you-mean a").inner_text() == "iliopsoas"
    screenshot(page, "search-results-no-js-phone")
    context.close()


@pytest.mark.parametrize("query, name", [("psoas", "search-psoas"), ("xylophone", "search-nothing")])
def test_results_and_no_results_fit_a_phone(demo, live_server, phone_page, screenshot, query, name):
    phone_page.goto(f"{live_server.url}/search/?q={query}")
    assert phone_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    screenshot(phone_page, f"{name}-phone")
