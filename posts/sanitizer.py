"""The one HTML allowlist for everything an author writes (posts, pages, library).

Every rich-text field goes through ``clean_html`` on save, so pasted or imported
HTML can never carry script into a page.
"""

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "div", "dl",
    "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "hr", "i", "img", "li",
    "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading", "title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "blockquote": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(html: str) -> str:
    """Return ``html`` reduced to the allowlist (scripts, styles and handlers removed)."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
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
