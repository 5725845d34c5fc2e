"""A reader's comment text as HTML: escaped, links made clickable, line breaks kept.

Computed once when a comment is saved (``Comment.comment_html``), never per request, and
passed through nh3 with a three-tag allowlist, so that the stored HTML is safe to show
whatever Django's ``urlize`` makes of hostile input.
"""

import re

import nh3
from django.utils.html import linebreaks, urlize

ALLOWED_TAGS = {"p", "br", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
LINK_REL = "nofollow ugc noopener noreferrer"
URL_SCHEMES = {"http", "https", "mailto"}
URL_PATTERN = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def comment_to_html(text: str) -> str:
    html = linebreaks(urlize(text or "", nofollow=False, autoescape=True), autoescape=False)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def count_links(text: str) -> int:
    """Addresses in a comment (``http://``, ``https://`` or ``www.``), as a moderation rule sees them."""
    return len(URL_PATTERN.findall(text or ""))
