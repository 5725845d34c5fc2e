"""Real-browser fixtures: Playwright's sync API driving Debian's chromium.

Browser tests are skipped with a message where chromium is absent, except under CI=true,
where a missing browser fails the run (CI installs it, so it must run them).
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).parent / "screenshots"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

# Playwright's sync API runs an event loop; Django's ORM must still be usable from the test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"chromium not found at {CHROMIUM}: CI must install it (apt-get install chromium)")
        pytest.skip(f"chromium not found at {CHROMIUM}; `apt-get install chromium` runs browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    """A fresh browser profile per test (no cookies carried over), laptop-sized."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def screenshot():
    """screenshot(page, "name") saves tests/browser/screenshots/name.png (git-ignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name, full_page=True):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def offsite_requests(context, live_server):
    """Every request the browser made to a host other than the live server (must stay empty)."""
    seen = []
    context.on("request", lambda request: seen.append(request.url))
    yield lambda: [url for url in seen if not url.startswith(live_server.url) and not url.startswith("data:")]
