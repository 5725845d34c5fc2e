"""The one HTML allowlist for everything an author writes (posts, pages, library).

Every rich-text field goes through ``clean_html`` on save, so pasted or imported HTML can
never carry script into a page, whichever editor (or none) produced it. Before the
allowlist, a small pass tidies what word processors paste and keeps readers' browsers
away from other hosts:

- Google Docs' whole-document ``<b id="docs-internal-guid-…">`` wrapper is unwrapped, and its
  bold / italic ``<span style>`` runs become ``<strong>`` / ``<em>``;
- Word's ``<o:p>``, conditional comments, ``class="Mso…"`` and styles go with the allowlist;
- an embedded YouTube or Vimeo ``<iframe>`` becomes the editor's video block
  (``<figure data-video="…">``), shown to readers as a click-to-load placeholder;
- an ``<img>`` from another host is dropped (images come from our media library).
"""

import re
from urllib.parse import urlsplit

import nh3
from bs4 import BeautifulSoup
from django.conf import settings

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "div", "dl",
    "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "hr", "i", "img", "li",
    "mark", "ol", "p", "pre", "s", "small", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    # data-file: the media library entry the editor inserted (its renditions are added at render).
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding", "title", "data-file"},
    # data-video / data-video-file: the editor's video block (a link, or a library video's id).
    "figure": {"data-video", "data-video-file"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "blockquote": {"cite"},
}
ALLOWED_CLASSES = {"figure": {"figure"}, "figcaption": {"figure-caption"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
VIDEO_HOSTS = re.compile(r"(^|\.)(youtube\.com|youtube-nocookie\.com|youtu\.be|vimeo\.com)$")
GOOGLE_DOCS_WRAPPER = re.compile(r"^docs-internal-guid")
BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)")
ITALIC_STYLE = re.compile(r"font-style\s*:\s*italic")


def media_base_url():
    """Where the storage serves uploads from: a bucket's or CDN's address when media live in object
    storage (MEDIA_URL may still say ``/media/`` there), else MEDIA_URL."""
    from django.core.files.storage import default_storage

    probe = default_storage.url("probe")
    return probe[: -len("probe")] if probe.endswith("probe") else ""


def is_local_url(url):
    """A path on this site, or a file under MEDIA_URL (which may be object storage)."""
    url = (url or "").strip()
    if not url or url.startswith("//"):
        return False
    for base in (settings.MEDIA_URL or "", media_base_url()):
        if base.startswith(("http://", "https://")) and url.startswith(base):
            return True
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


def _filter_attribute(tag, attribute, value):
    if tag == "img" and attribute == "src":
        return value if is_local_url(value) else None
    if tag == "img" and attribute == "srcset":
        candidates = [c.strip() for c in value.split(",") if c.strip()]
        local = [c for c in candidates if is_local_url(c.split()[0])]
        return ", ".join(local) or None
    if attribute in ("data-file", "data-video-file"):
        return value if value.isdigit() else None
    return value


def _tidy_pasted(html):
    """Word-processor clean-up and off-site content, on the parsed tree (before the allowlist)."""
    lowered = html.lower()
    if not any(marker in lowered for marker in ("<iframe", "<img", "docs-internal-guid", "<span")):
        return html
    soup = BeautifulSoup(html, "html.parser")
    for wrapper in soup.find_all("b", id=GOOGLE_DOCS_WRAPPER):
        wrapper.unwrap()
    for span in soup.find_all("span", style=True):
        style = span["style"].lower()
        if BOLD_STYLE.search(style):
            span.wrap(soup.new_tag("strong"))
        if ITALIC_STYLE.search(style):
            span.wrap(soup.new_tag("em"))
    for frame in soup.find_all("iframe"):
        src = frame.get("src", "")
        host = urlsplit(src if "//" in src else "").hostname or ""
        if VIDEO_HOSTS.search(host):
            block = soup.new_tag("figure", attrs={"data-video": src})
            caption = soup.new_tag("figcaption")
            caption.string = frame.get("title") or "Video"
            block.append(caption)
            frame.replace_with(block)
    for img in soup.find_all("img"):
        if not is_local_url(img.get("src", "")):
            img.decompose()
    return str(soup)


def clean_html(html: str) -> str:
    """Return ``html`` reduced to the allowlist (scripts, styles and handlers removed)."""
    return nh3.clean(
        _tidy_pasted(html or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def absolute_links(html: str, *, base_url: str) -> str:
    """``html`` (already clean) with every relative link and image made absolute against ``base_url``.

    For feeds, which are read away from the site: "/anatomy/psoas/" and "#why" would point nowhere.
    """
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        url_relative=("rewrite_with_base", base_url),
    ).strip()
