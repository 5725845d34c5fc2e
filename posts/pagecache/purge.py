"""Telling a caching proxy in front of the app (nginx) that pages changed: PAGE_CACHE_PURGE."""

import logging
import urllib.error
import urllib.request
from urllib.parse import quote

from django.conf import settings

logger = logging.getLogger(__name__)


class NoPurge:
    """No caching proxy: cached pages live in the app's store only."""

    def purge(self, urls):
        pass


class NginxPurge:
    """Asks nginx's purge location (ngx_cache_purge, deploy/nginx/clinic-blog.conf) to drop pages.

    nginx keys a page ``<path>|<encoding>``; the purge location takes a key, ending in ``*`` for
    every key with that start: ``<path>|*`` drops a page in every encoding, ``/*`` every page.
    PAGE_CACHE_PURGE_URL is the purge location as the app reaches it (e.g.
    ``http://127.0.0.1:8080/purge``); a failure is logged, never raised: the proxy's copies
    then expire after PAGE_CACHE_SHARED_MAX_AGE.
    """

    def purge(self, urls):
        base = settings.PAGE_CACHE_PURGE_URL.rstrip("/")
        keys = ["/*"] if "/*" in urls else [f"{url}|*" for url in dict.fromkeys(urls)]
        for key in keys:
            request = urllib.request.Request(base + quote(key, safe="/"), method="PURGE")
            try:
                urllib.request.urlopen(request, timeout=2).close()
            except urllib.error.HTTPError as error:
                if error.code != 404:  # 404: nginx held no copy
                    logger.warning("nginx purge of %s answered %s", key, error.code)
            except OSError:
                logger.warning("nginx purge of %s failed", key, exc_info=True)
