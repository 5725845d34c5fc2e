"""Telling a caching proxy in front of the app (nginx, a CDN) that pages changed: PAGE_CACHE_PURGE."""

import json
import logging
import threading
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

ENCODINGS = ("identity", "gzip", "br")


class NoPurge:
    """No caching proxy: cached pages live in the app's store only."""

    def purge(self, urls):
        pass


class NginxRefresh:
    """Asks nginx to fetch the changed pages again, replacing its copies (deploy/nginx/clinic-blog.conf).

    Debian's ngx_cache_purge 2.3 crashes nginx 1.22's worker on every purge request, so this uses
    nginx alone: a GET carrying ``X-Clinic-Refresh: 1`` from loopback bypasses the cache, and the
    fresh answer is stored in place of the old one, for each encoding nginx keys separately.
    Paginated pages (``?page=2``) are not refetched: they expire after PAGE_CACHE_SHARED_MAX_AGE.
    PAGE_CACHE_PURGE_URL is nginx's address as the app reaches it (``http://127.0.0.1:80``). The
    requests run in a thread after the response, so a save never waits for them (nginx calls
    the app back) and a failure is logged, never raised.
    """

    def purge(self, urls):
        paths = [url for url in dict.fromkeys(urls) if not url.endswith("*")]
        worker = threading.Thread(target=self.refresh, args=(paths,), daemon=True)
        worker.start()
        return worker

    def refresh(self, paths):
        base = settings.PAGE_CACHE_PURGE_URL.rstrip("/")
        for path in paths:
            for encoding in ENCODINGS:
                request = urllib.request.Request(
                    base + path,
                    headers={"X-Clinic-Refresh": "1", "Accept-Encoding": encoding, "Host": settings.PAGE_CACHE_HOST},
                )
                try:
                    urllib.request.urlopen(request, timeout=10).close()
                except urllib.error.HTTPError as error:
                    if error.code != 404:  # 404: the page went away (an unpublished post)
                        logger.warning("nginx refresh of %s answered %s", path, error.code)
                except OSError:
                    logger.warning("nginx refresh of %s failed", path, exc_info=True)


class HttpPurge:
    """A CDN's (or any proxy's) purge API over HTTP, configured by settings alone (docs/scaling.md).

    For each PAGE_CACHE_PURGE_BATCH changed pages, one PAGE_CACHE_PURGE_METHOD request (POST) to
    PAGE_CACHE_PURGE_ENDPOINT with the JSON body ``{PAGE_CACHE_PURGE_BODY_KEY: [absolute URLs]}``
    (``{"files": [...]}`` by default, Cloudflare's shape), the URLs being SITE_URL plus each path,
    and the header ``PAGE_CACHE_PURGE_AUTH_HEADER: PAGE_CACHE_PURGE_AUTH`` when that secret is set.
    Like NginxRefresh it runs in a thread after the response, and a failure is logged, never raised;
    paginated pages are not named and expire after PAGE_CACHE_SHARED_MAX_AGE.
    """

    def purge(self, urls):
        site = settings.SITE_URL.rstrip("/")
        absolute = [site + url for url in dict.fromkeys(urls) if not url.endswith("*")]
        worker = threading.Thread(target=self.send, args=(absolute,), daemon=True)
        worker.start()
        return worker

    def send(self, urls):
        size = max(1, settings.PAGE_CACHE_PURGE_BATCH)
        for start in range(0, len(urls), size):
            self.send_batch(urls[start : start + size])

    def send_batch(self, urls):
        headers = {"Content-Type": "application/json"}
        if settings.PAGE_CACHE_PURGE_AUTH:
            headers[settings.PAGE_CACHE_PURGE_AUTH_HEADER] = settings.PAGE_CACHE_PURGE_AUTH
        request = urllib.request.Request(
            settings.PAGE_CACHE_PURGE_ENDPOINT,
            data=json.dumps({settings.PAGE_CACHE_PURGE_BODY_KEY: urls}).encode(),
            headers=headers,
            method=settings.PAGE_CACHE_PURGE_METHOD,
        )
        try:
            urllib.request.urlopen(request, timeout=10).close()
        except urllib.error.HTTPError as error:
            logger.warning("purge API answered %s to a purge of %d pages (%s…)", error.code, len(urls), urls[0])
        except (OSError, ValueError):  # refused, timed out, a malformed endpoint
            logger.warning("purge API unreachable: %d pages not purged (%s…)", len(urls), urls[0], exc_info=True)
