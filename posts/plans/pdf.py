"""The plan as a PDF, built on the server with WeasyPrint (70) from the same sheet as the page.

WeasyPrint fetches stylesheets and images through ``local_fetcher()``, which answers only for
our own static files and uploads, read from disk or storage: building a PDF never makes a
network request, whatever a URL in the page says. WeasyPrint is imported on first use, so
app servers that never build a PDF do not pay for it.
"""

import mimetypes
from functools import cache
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string


def read_local(url):
    """``(bytes, name)`` of one of our static files or uploads, or ``(None, "")``."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    static_prefix, media_prefix = urlsplit(settings.STATIC_URL).path, urlsplit(settings.MEDIA_URL).path
    if parts.scheme not in ("http", "https") or ".." in path.split("/"):
        return None, ""
    if path.startswith(static_prefix):
        found = finders.find(path.removeprefix(static_prefix))
        if found:
            with open(found, "rb") as handle:
                return handle.read(), found
    elif path.startswith(media_prefix):
        name = path.removeprefix(media_prefix)
        if name and default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                return handle.read(), name
    return None, ""


@cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        """Static files and media from this site only; anything else is refused (WeasyPrint skips it)."""

        def fetch(self, url, headers=None):
            data, name = read_local(url)
            if data is None:
                raise ValueError(f"Not fetched for a PDF: {url[:200]}")
            mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, data, {"Content-Type": mime_type})

    return LocalFetcher


def local_fetcher():
    return _fetcher_class()()


def plan_pdf(*, context, request=None):
    """The PDF bytes of ``templates/posts/plans/handout.html`` rendered with ``context``."""
    from PIL import ImageFile
    from weasyprint import HTML

    # WeasyPrint switches Pillow to accept truncated images for the whole process when imported;
    # uploads must keep refusing them (posts.media.processing checks again, too).
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    html = render_to_string("posts/plans/handout.html", context, request=request)
    return HTML(string=html, base_url=settings.SITE_URL + "/", url_fetcher=local_fetcher()).write_pdf()
