"""The page cache in front of every other middleware.

A request is a candidate when it is a GET or HEAD with no session or messages cookie and only
pagination in its query string. A candidate is answered from the store when its page is there
(no view, session, database or template runs); otherwise the page is rendered, and kept when
its route is listed in PAGE_CACHE_URL_NAMES and the response holds nothing per visitor: a 200
with no Set-Cookie and no CSRF token handed out (forms on cached pages fetch theirs, see
``templatetags/page_cache.py``). Everything else is marked ``private, no-store``.
"""

import logging
import time

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from . import store

logger = logging.getLogger(__name__)

# Headers the middleware sets itself on every answer from the store.
OWN_HEADERS = {"content-length", "content-encoding", "etag", "cache-control", "vary", "set-cookie", "x-page-cache"}


def accepted_encoding(request):
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    if "br" in accepted:
        return "br"
    if "gzip" in accepted:
        return "gzip"
    return "identity"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.skip_prefixes = tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p and p.startswith("/"))
        self.query_keys = set(settings.PAGE_CACHE_QUERY_KEYS)
        self.url_names = set(settings.PAGE_CACHE_URL_NAMES)

    def candidate_key(self, request):
        """The page's store key when this request may share a cached page, else None."""
        if not settings.PAGE_CACHE:  # read per request, so the switch also works in tests
            return None
        if request.method not in ("GET", "HEAD") or request.path.startswith(self.skip_prefixes):
            return None
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return None
        if not self.query_keys.issuperset(request.GET):
            return None
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return None  # SecurityMiddleware redirects it
        try:
            host = request.get_host()
        except DisallowedHost:
            return None
        query = "&".join(f"{k}={v}" for k, v in sorted(request.GET.items()))
        return store.page_key(f"{request.scheme}://{host}", request.path, query)

    def __call__(self, request):
        key = self.candidate_key(request)
        if key is None:
            return self.private(self.get_response(request))
        encoding = accepted_encoding(request)
        pages = store.page_store()
        try:
            found = pages.get_many([store.GENERATION_KEY, f"{key}:{encoding}"])
        except Exception:  # the store is down: serve uncached rather than fail
            logger.warning("page cache unreachable", exc_info=True)
            return self.private(self.get_response(request))
        if not getattr(pages, "reachable", True):  # Redis does not answer (clinic_blog/cache.py): the same
            return self.private(self.get_response(request))
        generation = found.get(store.GENERATION_KEY)
        entry = found.get(f"{key}:{encoding}")
        if entry and generation and entry["generation"] == generation and entry["expires"] > time.time():
            return self.answer(request, entry, "hit")
        if generation is None:
            generation = store.generation_current()
        request.page_cache_candidate = True
        response = self.get_response(request)
        if not self.storable(request, response):
            return self.private(response)
        headers = [(name, value) for name, value in response.items() if name.lower() not in OWN_HEADERS]
        entries = store.page_save(
            key,
            generation=generation,
            status=response.status_code,
            headers=headers,
            body=response.content,
            lifetime=self.lifetime(),
        )
        return self.answer(request, entries[encoding], "miss")

    def storable(self, request, response):
        match = getattr(request, "resolver_match", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Cache-Control")
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and match is not None
            and match.view_name in self.url_names
        )

    @staticmethod
    def lifetime():
        """PAGE_CACHE_SECONDS, or less: a cached list never outlives the next scheduled post."""
        from .schedule import seconds_to_next_publication

        seconds = settings.PAGE_CACHE_SECONDS
        upcoming = seconds_to_next_publication()
        if upcoming is not None:
            seconds = min(seconds, max(1, upcoming))
        return seconds

    def answer(self, request, entry, outcome):
        encoding = accepted_encoding(request)
        remaining = max(0, int(entry["expires"] - time.time()))
        shared = min(remaining, settings.PAGE_CACHE_SHARED_MAX_AGE)
        if entry["etag"] in request.META.get("HTTP_IF_NONE_MATCH", ""):
            response = HttpResponse(status=304)
        else:
            response = HttpResponse(entry["body"], status=entry["status"])
            for name, value in entry["headers"]:
                response[name] = value
            if encoding != "identity":
                response["Content-Encoding"] = encoding
            if request.method == "HEAD":
                response.content = b""
        response["ETag"] = entry["etag"]
        response["Cache-Control"] = (
            f"public, max-age={settings.PAGE_CACHE_BROWSER_MAX_AGE}, s-maxage={shared}" if shared else "no-cache"
        )
        patch_vary_headers(response, ("Accept-Encoding", "Cookie"))
        response["X-Page-Cache"] = outcome
        return response

    @staticmethod
    def private(response):
        if not response.has_header("Cache-Control") and not response.streaming:
            response["Cache-Control"] = "private, no-store"
        return response
