"""Telling a caching proxy in front of the app (nginx) that pages changed: PAGE_CACHE_PURGE."""

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
