"""WordPress post HTML into what our editor writes (the sanitiser's allowlist does the rest on save).

- block comments (``<!-- wp:paragraph -->``) are dropped; embed blocks for YouTube or Vimeo
  become the editor's video block, the click-to-load placeholder;
- ``[caption]`` becomes ``<figure>`` with ``<figcaption>``, ``[embed]``/``[youtube]``/``[vimeo]``
  become video blocks, other WordPress shortcodes are dropped (and counted);
- classic-editor text (no block tags, blank lines between paragraphs) gets its paragraphs;
- ``<img>`` (and links to the file) under ``/wp-content/uploads/`` are pointed at the media
  library entry the attachment became; the sanitiser drops any other off-site image.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from posts.media.rendering import parse_video_url

BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->", re.S)
MORE_COMMENT = re.compile(r"<!--\s*(more|nextpage|noteaser)\b[^>]*-->", re.S)
# WordPress core and the common plugins' shortcodes; any other "[word]" is the writer's own text.
KNOWN_SHORTCODES = (
    "caption|wp_caption|embed|youtube|vimeo|video|audio|gallery|playlist|contact-form|contact-form-7|"
    "gravityform|ninja_form|jetpack_subscription_form|googlemaps|soundcloud|instagram|tweet|twitter|"
    "spoiler|button|columns?|one_half|one_third|row|col"
)
SHORTCODE = re.compile(rf"\[(/?)({KNOWN_SHORTCODES})(?=[\s\]/])([^\]]*)\]", re.I)
CAPTION = re.compile(r"\[(?:wp_)?caption\b([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.I | re.S)
VIDEO_SHORTCODE = re.compile(r"\[(embed|youtube|vimeo)\b([^\]]*)\](?:(.*?)\[/\1\])?", re.I | re.S)
ATTRIBUTE = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
EMBED_BLOCK = re.compile(r"<figure\b[^>]*\bwp-block-embed\b[^>]*>.*?</figure>", re.S | re.I)
BARE_URL_LINE = re.compile(r"^[ \t]*(https?://\S+)[ \t]*$", re.M)
BLOCK_TAGS = re.compile(r"<(p|div|h[1-6]|ul|ol|li|table|blockquote|pre|figure|hr)\b", re.I)
SIZED_VARIANT = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
UPLOADS = "/wp-content/uploads/"


@dataclass
class Conversion:
    html: str
    dropped: Counter = field(default_factory=Counter)  # what was dropped, by name
    videos: int = 0
    images_rewritten: int = 0
    images_missing: list = field(default_factory=list)  # upload paths not imported
    upload_paths: list = field(default_factory=list)  # (old /wp-content/uploads/… path, new URL)


def upload_key(url):
    """The path of an uploaded file without WordPress's size suffix: the same key for
    ``photo.jpg`` and ``photo-300x200.jpg``, on any host (the export's or the live site's)."""
    try:
        path = urlsplit((url or "").strip()).path
    except ValueError:
        return None
    if UPLOADS not in path:
        return None
    return SIZED_VARIANT.sub("", path.split(UPLOADS, 1)[1])


def upload_path(url):
    """``/wp-content/uploads/…`` of a URL (for the redirect), or None."""
    try:
        path = urlsplit((url or "").strip()).path
    except ValueError:
        return None
    return path[path.index(UPLOADS) :] if UPLOADS in path else None


def video_block(url, title="Video"):
    return f'<figure data-video="{url}"><figcaption>{title}</figcaption></figure>'


def _caption(match):
    inner = match.group(2).strip()
    attributes = dict(ATTRIBUTE.findall(match.group(1)))
    # The caption is the text after the image (or its link), or the old "caption" attribute.
    split = re.match(r"^((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", inner, re.S | re.I)
    image, text = (split.group(1), split.group(2).strip()) if split else (inner, "")
    text = text or attributes.get("caption", "")
    caption = f"<figcaption>{text}</figcaption>" if text else ""
    return f"<figure>{image}{caption}</figure>"


def _autop(html):
    """wpautop's core: blank lines separate paragraphs, single newlines are line breaks."""
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", html.replace("\r\n", "\n").strip()):
        chunk = chunk.strip()
        if not chunk:
            continue
        if BLOCK_TAGS.match(chunk):
            paragraphs.append(chunk)
        else:
            paragraphs.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(paragraphs)


def convert(html, *, images=None):
    """Convert one post's ``content:encoded``. ``images`` maps ``upload_key`` → (url, image id, alt)."""
    images = images or {}
    result = Conversion(html="")
    html = html or ""
    blocks = len(BLOCK_COMMENT.findall(html))
    is_block_content = blocks > 0
    html = MORE_COMMENT.sub("", BLOCK_COMMENT.sub("", html))
    if blocks:
        result.dropped["block markup comments"] += blocks

    def embed_block(match):
        # The embed block's figure holds the link alone in its wrapper <div>.
        found = re.search(r"https?://[^\s<\"]+", match.group(0))
        url = found.group(0) if found else ""
        if parse_video_url(url):
            result.videos += 1
            return video_block(url)
        result.dropped["embed of an unsupported site"] += 1
        return f'<p><a href="{url}">{url}</a></p>' if url else ""

    html = EMBED_BLOCK.sub(embed_block, html)

    def video_shortcode(match):
        attributes = dict(ATTRIBUTE.findall(match.group(2)))
        url = (match.group(3) or attributes.get("url") or attributes.get("src") or match.group(2)).strip(" =\"'")
        if parse_video_url(url):
            result.videos += 1
            return video_block(url)
        result.dropped[f"[{match.group(1).lower()}] of an unsupported site"] += 1
        return ""

    html = VIDEO_SHORTCODE.sub(video_shortcode, html)
    html = CAPTION.sub(_caption, html)

    def other_shortcode(match):
        if not match.group(1):
            result.dropped[f"[{match.group(2).lower()}] shortcode"] += 1
        return ""

    html = SHORTCODE.sub(other_shortcode, html)

    def bare_url(match):
        # WordPress turns a video link alone on its line into a player (oEmbed).
        url = match.group(1)
        if parse_video_url(url):
            result.videos += 1
            return video_block(url)
        return match.group(0)

    html = BARE_URL_LINE.sub(bare_url, html)
    if not is_block_content and not re.search(r"<p\b", html, re.I):
        html = _autop(html)

    soup = BeautifulSoup(html, "html.parser")
    for img in soup.find_all("img"):
        key = upload_key(img.get("src", ""))
        if key is None:
            continue
        found = images.get(key)
        if found is None:
            result.images_missing.append(key)
            parent = img.parent
            img.decompose()
            if parent is not None and parent.name in ("p", "a", "figure") and not parent.get_text(strip=True):
                parent.decompose()
            continue
        url, image_id, alt = found
        old = upload_path(img.get("src", ""))
        if old:
            result.upload_paths.append((old, url))
        for attribute in ("srcset", "sizes", "class", "width", "height", "style"):
            img.attrs.pop(attribute, None)
        img["src"], img["data-file"] = url, str(image_id)
        img["alt"] = (img.get("alt") or "").strip() or alt
        result.images_rewritten += 1
    for tagged in soup.find_all(class_=True):  # WordPress's layout classes mean nothing here
        del tagged["class"]
    for link in soup.find_all("a", href=True):
        key = upload_key(link["href"])
        if key is not None and key in images:
            link["href"] = images[key][0]
    result.html = str(soup).strip()
    return result
