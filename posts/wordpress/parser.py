"""Read a WordPress export (WXR 1.0–1.2, as WordPress 5 and 6 write it) one element at a time.

The file is streamed with ``iterparse`` and every top-level element is cleared and dropped once
handled, so memory follows the largest single post, not the size of the export. defusedxml
refuses DTDs with entity declarations and external references: a WordPress export has neither,
and an "XML bomb" needs them.
"""

import datetime
import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

WP_NAMESPACE = re.compile(r"^http://wordpress\.org/export/1\.[0-2]/$")
EXCERPT_NAMESPACE = re.compile(r"^http://wordpress\.org/export/1\.[0-2]/excerpt/$")
KNOWN_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
NO_DATE = "0000-00-00 00:00:00"


class WXRError(Exception):
    """The file cannot be imported; the message is one line for the person running the import."""


@dataclass
class Site:
    wxr_version: str = ""
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""


@dataclass
class Author:
    wp_id: int
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Term:
    kind: str  # "category" or "tag"
    wp_id: int
    slug: str
    name: str
    parent_slug: str = ""
    description: str = ""


@dataclass
class Comment:
    wp_id: int
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: datetime.datetime | None = None
    date_gmt: datetime.datetime | None = None
    content: str = ""
    approved: str = "1"
    type: str = ""
    parent: int = 0
    user_id: int = 0


@dataclass
class Item:
    wp_id: int
    post_type: str
    title: str = ""
    link: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    status: str = ""
    slug: str = ""
    date: datetime.datetime | None = None
    date_gmt: datetime.datetime | None = None
    parent: int = 0
    menu_order: int = 0
    attachment_url: str = ""
    comment_status: str = "open"
    terms: list = field(default_factory=list)  # [(domain, slug, name)]
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)


def _date(text):
    text = (text or "").strip()
    if not text or text == NO_DATE:
        return None
    try:
        return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _int(text):
    text = (text or "").strip()
    return int(text) if text.isdigit() else 0


class _Names:
    """``{uri}local`` → ``prefix:local`` for the namespaces a WXR file uses."""

    def __init__(self):
        self.prefixes = dict(KNOWN_NAMESPACES)
        self.wp = None

    def add(self, uri):
        if WP_NAMESPACE.match(uri):
            self.wp = uri
            self.prefixes[uri] = "wp"
        elif EXCERPT_NAMESPACE.match(uri):
            self.prefixes[uri] = "excerpt"

    def __call__(self, tag):
        if tag[:1] != "{":
            return tag
        uri, _, local = tag[1:].partition("}")
        prefix = self.prefixes.get(uri)
        return f"{prefix}:{local}" if prefix else tag


def _texts(element, name):
    """{child name: text} for an element's direct children."""
    return {name(child.tag): (child.text or "") for child in element}


def _author(element, name):
    t = _texts(element, name)
    return Author(
        wp_id=_int(t.get("wp:author_id")),
        login=t.get("wp:author_login", "").strip(),
        email=t.get("wp:author_email", "").strip(),
        display_name=t.get("wp:author_display_name", "").strip(),
        first_name=t.get("wp:author_first_name", "").strip(),
        last_name=t.get("wp:author_last_name", "").strip(),
    )


def _term(element, name, kind):
    t = _texts(element, name)
    if kind == "category":
        return Term(
            kind="category",
            wp_id=_int(t.get("wp:term_id")),
            slug=t.get("wp:category_nicename", "").strip(),
            name=t.get("wp:cat_name", "").strip(),
            parent_slug=t.get("wp:category_parent", "").strip(),
            description=t.get("wp:category_description", "").strip(),
        )
    return Term(
        kind="tag",
        wp_id=_int(t.get("wp:term_id")),
        slug=t.get("wp:tag_slug", "").strip(),
        name=t.get("wp:tag_name", "").strip(),
        description=t.get("wp:tag_description", "").strip(),
    )


def _comment(element, name):
    t = _texts(element, name)
    return Comment(
        wp_id=_int(t.get("wp:comment_id")),
        author=t.get("wp:comment_author", "").strip(),
        email=t.get("wp:comment_author_email", "").strip(),
        url=t.get("wp:comment_author_url", "").strip(),
        ip=t.get("wp:comment_author_IP", "").strip(),
        date=_date(t.get("wp:comment_date")),
        date_gmt=_date(t.get("wp:comment_date_gmt")),
        content=t.get("wp:comment_content", ""),
        approved=t.get("wp:comment_approved", "1").strip(),
        type=t.get("wp:comment_type", "").strip(),
        parent=_int(t.get("wp:comment_parent")),
        user_id=_int(t.get("wp:comment_user_id")),
    )


def _item(element, name):
    item = Item(wp_id=0, post_type="")
    for child in element:
        tag, text = name(child.tag), child.text or ""
        if tag == "title":
            item.title = text.strip()
        elif tag == "link":
            item.link = text.strip()
        elif tag == "dc:creator":
            item.creator = text.strip()
        elif tag == "content:encoded":
            item.content = text
        elif tag == "excerpt:encoded":
            item.excerpt = text
        elif tag == "wp:post_id":
            item.wp_id = _int(text)
        elif tag == "wp:post_type":
            item.post_type = text.strip()
        elif tag == "wp:status":
            item.status = text.strip()
        elif tag == "wp:post_name":
            item.slug = text.strip()
        elif tag == "wp:post_date":
            item.date = _date(text)
        elif tag == "wp:post_date_gmt":
            item.date_gmt = _date(text)
        elif tag == "wp:post_parent":
            item.parent = _int(text)
        elif tag == "wp:menu_order":
            item.menu_order = _int(text)
        elif tag == "wp:comment_status":
            item.comment_status = text.strip()
        elif tag == "wp:attachment_url":
            item.attachment_url = text.strip()
        elif tag == "category":
            item.terms.append((child.get("domain", ""), child.get("nicename", ""), text.strip()))
        elif tag == "wp:postmeta":
            meta = _texts(child, name)
            item.meta[meta.get("wp:meta_key", "")] = meta.get("wp:meta_value", "")
        elif tag == "wp:comment":
            item.comments.append(_comment(child, name))
    return item


def read_wxr(path):
    """Yield the export's parts in file order: a ``Site`` (once the header is read), then
    ``Author``, ``Term`` and ``Item`` objects. Raises ``WXRError`` for anything not a WXR file."""
    name = _Names()
    site = Site()
    depth = 0
    channel = None
    site_sent = False
    try:
        for event, payload in iterparse(path, events=("start-ns", "start", "end"), forbid_dtd=False):
            if event == "start-ns":
                name.add(payload[1])
                continue
            if event == "start":
                depth += 1
                if depth == 1 and payload.tag != "rss":
                    raise WXRError("this is not a WordPress export (WXR): its root element is not <rss>")
                if depth == 2 and payload.tag == "channel":
                    channel = payload
                continue
            depth -= 1
            if depth != 2 or channel is None:
                continue
            tag = name(payload.tag)
            part = None
            if tag == "wp:wxr_version":
                site.wxr_version = (payload.text or "").strip()
            elif tag == "title" and not site_sent:
                site.title = (payload.text or "").strip()
            elif tag == "link" and not site_sent:
                site.link = (payload.text or "").strip()
            elif tag == "wp:base_site_url":
                site.base_site_url = (payload.text or "").strip()
            elif tag == "wp:base_blog_url":
                site.base_blog_url = (payload.text or "").strip()
            elif tag in ("wp:author", "wp:category", "wp:tag", "item"):
                if name.wp is None or not site.wxr_version:
                    raise WXRError("this is not a WordPress export (WXR): no wp:wxr_version before the content")
                if not site_sent:
                    site_sent = True
                    yield site
                if tag == "wp:author":
                    part = _author(payload, name)
                elif tag == "wp:category":
                    part = _term(payload, name, "category")
                elif tag == "wp:tag":
                    part = _term(payload, name, "tag")
                else:
                    part = _item(payload, name)
            if part is not None:
                yield part
            # Handled: drop it, so the tree never grows past one post.
            payload.clear()
            channel.remove(payload)
    except DefusedXmlException as exc:
        raise WXRError(
            f"the file declares XML entities or external references ({type(exc).__name__}), which a WordPress "
            "export never does; refusing it as a possible XML bomb"
        ) from exc
    except ParseError as exc:
        raise WXRError(f"the file is not complete, well-formed XML ({exc}); is it truncated?") from exc
    if name.wp is None or not site.wxr_version:
        raise WXRError("this is not a WordPress export (WXR): no wp:wxr_version found")
    if not site_sent:
        yield site
