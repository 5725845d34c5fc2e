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
# axe-core, installed from npm by `make install` (tests/browser/package.json); never fetched at run time.
AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 A and AA (with the 2.0 and 2.1 rules they contain) and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}
LAPTOP = {"viewport": {"width": 1280, "height": 900}}
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

# Installed with context.add_init_script: every CSP violation the page reports, in window.__cspViolations.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}` +
      ` (${event.sourceFile}:${event.lineNumber}) ${event.sample}`
  );
});
"""

# Every rendered heading of each level (H1 to H6) as [font size in px, its text], smallest first.
HEADINGS_BY_LEVEL = """() => ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map(tag => [...document.querySelectorAll(tag)]
  .filter(el => { const box = el.getBoundingClientRect(); return box.width > 1 && box.height > 1; })
  .map(el => [parseFloat(getComputedStyle(el).fontSize), el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 50)])
  .sort((a, b) => a[0] - b[0]))"""


def heading_scale_problems(page):
    """Where a heading renders smaller than one of a lower level (an H2 below an H3's size...), as lines."""
    levels = page.evaluate(HEADINGS_BY_LEVEL)
    problems = []
    for upper, headings in enumerate(levels, start=1):
        for lower, deeper in enumerate(levels[upper:], start=upper + 1):
            if headings and deeper and headings[0][0] < deeper[-1][0]:
                (small, small_text), (large, large_text) = headings[0], deeper[-1]
                problems.append(
                    f"H{upper} {small_text!r} is {small:g} px, smaller than H{lower} {large_text!r} at {large:g} px"
                )
    return problems


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
    context = browser.new_context(**LAPTOP, locale="en-GB")
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
    context = browser.new_context(**PHONE, locale="en-GB")
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


def _axe_source():
    if not AXE_SCRIPT.exists():
        message = f"axe-core not found at {AXE_SCRIPT}: run `make install` (npm ci in tests/browser)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return AXE_SCRIPT.read_text()


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe():
    """axe(page) runs axe-core on the page as it is now and fails the test on any violation.

    The script is evaluated through the DevTools protocol, which a Content-Security-Policy does
    not block, so the page is audited exactly as readers get it. ``exclude`` takes CSS selectors
    (for markup we do not own); returns the full result for further checks.
    """
    source = _axe_source()

    def run(page, *, exclude=(), tags=AXE_TAGS, label=""):
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(source)
        context = {"exclude": [[selector] for selector in exclude]} if exclude else {"include": [["html"]]}
        options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
        result = page.evaluate("([context, options]) => axe.run(context, options)", [context, options])
        violations = result["violations"]
        where = label or page.url
        assert not violations, f"axe found {len(violations)} violation(s) on {where}:\n{format_violations(violations)}"
        return result

    return run


@pytest.fixture(params=["laptop", "phone"])
def sized_page(request, browser):
    """A page at 1280 px and again at 390 px: ``sized_page.width`` tells which."""
    options = LAPTOP if request.param == "laptop" else PHONE
    context = browser.new_context(**options, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.width = options["viewport"]["width"]
    yield page
    context.close()
