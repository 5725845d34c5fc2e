"""Every route in the URL configuration is an audited page type or a reasoned exclusion.

The browser tests audit the pages in tests/browser/pages.py (axe, the Nu HTML checker,
screenshots). This walk fails when a new route appears that is neither covered by one of those
pages nor listed as a non-page (feed, JSON, download, POST-only endpoint, redirect) with a
reason, so a new page type cannot ship unaudited.
"""

from fnmatch import fnmatchcase

from django.urls import URLPattern, URLResolver, get_resolver

from tests.browser.pages import EXCLUDED, EXCLUDED_PREFIXES, EXCLUDED_SUFFIXES, PAGES


def walk(resolver, namespace=""):
    """Yield (key, route) for every pattern: key is namespace:name, or the route if unnamed."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            for key, route in walk(pattern, inner):
                yield key, str(pattern.pattern) + route
        elif isinstance(pattern, URLPattern):
            key = namespace + pattern.name if pattern.name else (namespace or str(pattern.pattern))
            yield key, str(pattern.pattern)


def covered_by(key):
    """The audited page or the exclusion reason that accounts for this route, or None."""
    for page in PAGES:
        if any(fnmatchcase(key, cover) for cover in page.covers):
            return f"page {page.name}"
    if key in EXCLUDED:
        return EXCLUDED[key]
    for prefix, reason in EXCLUDED_PREFIXES.items():
        if key.startswith(prefix):
            return reason
    for suffix, reason in EXCLUDED_SUFFIXES.items():
        if key.endswith(suffix):
            return reason
    return None


def routes():
    return sorted(set(walk(get_resolver())))


def test_every_page_route_is_audited_or_excluded_for_a_reason():
    missing = [f"{key}  ({route})" for key, route in routes() if covered_by(key) is None]
    assert not missing, (
        "Routes with no audited page type in tests/browser/pages.py and no reasoned exclusion:\n  "
        + "\n  ".join(missing)
    )


def test_every_cover_and_exclusion_still_names_a_route():
    """No stale entries: each name a page covers, and each exclusion, matches a route that exists."""
    keys = {key for key, _ in routes()}
    stale = [cover for page in PAGES for cover in page.covers if not any(fnmatchcase(k, cover) for k in keys)]
    stale += [name for name in EXCLUDED if name not in keys]
    assert not stale, f"Entries naming no route: {stale}"


def test_admin_model_pages_are_covered_by_their_page_type():
    """Each model's list, add, change, history and delete pages share one audited page of their kind."""
    assert covered_by("admin:notifications_subscriber_changelist") == "page admin-post-list"
    assert covered_by("admin:posts_exercise_change") == "page admin-add-post"
    assert covered_by("admin:brand_new_view") is None


def test_a_new_public_route_fails_the_walk():
    assert covered_by("posts:brand_new_page") is None
    assert covered_by("posts:detail") == "page post"
