"""Turns an author's sanitised body into the HTML a reader sees, once per save.

The stored body is never rewritten: the rendered copy gets heading anchors (for the
table of contents) and, through ``BODY_TRANSFORMS``, anything else computed at save.
"""

import math
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup
from django.conf import settings
from django.utils.text import slugify

HEADINGS = ("h2", "h3")


@dataclass(frozen=True)
class RenderedBody:
    html: str
    toc: list  # [{"id": ..., "text": ..., "level": 2|3}]
    words: int

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.words / settings.POSTS_WORDS_PER_MINUTE))


def add_heading_anchors(soup: BeautifulSoup) -> list:
    """Give every h2/h3 a unique id and return the table of contents."""
    toc, seen = [], set()
    for heading in soup.find_all(HEADINGS):
        text = heading.get_text(" ", strip=True)
        base = heading.get("id") or slugify(text) or "section"
        anchor, n = base, 2
        while anchor in seen:
            anchor, n = f"{base}-{n}", n + 1
        seen.add(anchor)
        heading["id"] = anchor
        toc.append({"id": anchor, "text": text, "level": int(heading.name[1])})
    return toc


def render_body(html: str, transforms=()) -> RenderedBody:
    """Parse sanitised ``html`` once, apply ``transforms(soup)`` and add anchors."""
    soup = BeautifulSoup(html or "", "html.parser")
    for transform in transforms:
        transform(soup)
    toc = add_heading_anchors(soup)
    words = len(re.findall(r"\w+", soup.get_text(" ")))
    return RenderedBody(html=str(soup), toc=toc, words=words)
