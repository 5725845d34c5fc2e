"""What a page tells search engines and link previews: its description and its picture.

``featured_image`` is the one place that knows where a post's (or topic's, or exercise's)
picture lives; the head tags, the JSON-LD and the feeds all ask it, so a change of image
storage is made here once.
"""

import functools
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup
from django.conf import settings
from django.utils.text import Truncator

DESCRIPTION_LENGTH = 155
# Enough markup to hold the first few sentences of any body; nothing more is parsed.
DESCRIPTION_SOURCE_CHARS = 4000
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def absolute(url):
    """``url`` on SITE_URL when it is a path; unchanged when it is already absolute."""
    if not url:
        return ""
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def first_sentences(html, *, limit=DESCRIPTION_LENGTH):
    """Whole sentences from the start of an HTML body, up to ``limit`` characters (cut at a word if one is longer)."""
    if not html:
        return ""
    return _first_sentences(html[:DESCRIPTION_SOURCE_CHARS], limit)


# A body only changes on save, and parsing it was a tenth of an uncached post page (bench/profile-P3.txt):
# each process keeps the answer for the bodies it has seen lately.
@functools.lru_cache(maxsize=256)
def _first_sentences(html, limit):
    text = " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    chosen = ""
    for sentence in SENTENCE_END.split(text):
        candidate = f"{chosen} {sentence}".strip()
        if len(candidate) > limit:
            break
        chosen = candidate
    return chosen or Truncator(text).chars(limit, truncate="…")


def meta_description(obj):
    """Never empty: the SEO description or excerpt/summary, else the first sentences of the body, else the title."""
    for attribute in ("seo_description", "excerpt", "summary"):
        value = (getattr(obj, attribute, "") or "").strip()
        if value:
            return Truncator(" ".join(value.split())).chars(300, truncate="…")
    if hasattr(obj, "credentials"):  # an author's page
        lead = ", ".join(part for part in (str(obj), obj.credentials) if part)
        return Truncator(f"{lead}. {first_sentences(obj.bio, limit=300)}".strip()).chars(
            DESCRIPTION_LENGTH, truncate="…"
        )
    body = getattr(obj, "body_html", "") or getattr(obj, "body", "")
    return first_sentences(body) or str(obj)


@dataclass(frozen=True)
class SocialImage:
    url: str
    alt: str
    width: int | None = None
    height: int | None = None


# model label -> (image field, alt text field)
IMAGE_FIELDS = {
    # model: (the media library image, the object's own alt text, which wins over the image's)
    "posts.Post": ("featured_image", "featured_image_alt"),
    "posts.AnatomyTopic": ("illustration", "illustration_alt"),
    "posts.Exercise": ("image", "image_alt"),
}


def featured_image(obj):
    """The picture that represents ``obj`` (absolute URL, size, alt text), or None.

    Images live in the media library (``posts.media``): ``url`` is the largest rendition
    (at most 1600 px wide), with its own width and height.
    """
    fields = IMAGE_FIELDS.get(getattr(getattr(obj, "_meta", None), "label", ""))
    if fields is None or not getattr(obj, f"{fields[0]}_id", None):
        return None
    image = getattr(obj, fields[0])
    alt = (getattr(obj, fields[1], "") or "").strip() or image.alt
    return SocialImage(url=absolute(image.url), alt=alt, width=image.display_width, height=image.display_height)
