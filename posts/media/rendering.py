"""How library media reach readers: ``<picture>`` with srcset/sizes/width/height, and videos
as a click-to-load placeholder that makes no request to YouTube or Vimeo before the click.

All of it runs at save time (a body transform, see ``posts.rendering``) or through the
``{% picture %}`` tag; a reader's request never parses HTML.
"""

import re
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .models import DEFAULT_SIZES, Image, Video

FILE_REFERENCE = re.compile(r'data-file="(\d+)"')
VIDEO_FILE_REFERENCE = re.compile(r'data-video-file="(\d+)"')
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^\d{1,12}$")
VIMEO_HASH = re.compile(r"^[0-9a-f]{6,20}$")
PROVIDERS = {"youtube": "YouTube", "vimeo": "Vimeo"}


def picture_html(image, *, alt=None, sizes=DEFAULT_SIZES, eager=False, css_class=""):
    """The image's ``<picture>``: WebP first, the JPEG/PNG fallback with srcset, sizes and its
    intrinsic width and height (so the page does not jump while it loads)."""
    alt = image.alt if alt is None else alt
    loading = mark_safe(' fetchpriority="high"' if eager else ' loading="lazy"')
    source = (
        format_html('<source type="image/webp" srcset="{}" sizes="{}">', image.webp_srcset, sizes)
        if image.webp_renditions
        else ""
    )
    return format_html(
        '<picture{}>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" decoding="async"{}>'
        "</picture>",
        format_html(' class="{}"', css_class) if css_class else "",
        source,
        image.url,
        image.srcset,
        sizes,
        image.display_width,
        image.display_height,
        alt,
        loading,
    )


def referenced_ids(bodies):
    """Library image and video ids mentioned in these stored bodies (to load them in one query each)."""
    image_ids, video_ids = set(), set()
    for body in bodies:
        image_ids.update(int(pk) for pk in FILE_REFERENCE.findall(body or ""))
        video_ids.update(int(pk) for pk in VIDEO_FILE_REFERENCE.findall(body or ""))
    return image_ids, video_ids


def load_media(bodies):
    """{"images": {id: Image}, "videos": {id: Video}} for everything these bodies reference."""
    image_ids, video_ids = referenced_ids(bodies)
    return {
        "images": Image.objects.in_bulk(image_ids) if image_ids else {},
        "videos": Video.objects.in_bulk(video_ids) if video_ids else {},
    }


def parse_video_url(url):
    """(provider, id, extra) for a YouTube or Vimeo link, or None for anything else."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = [segment for segment in parts.path.split("/") if segment]
    query = parse_qs(parts.query)
    if host in ("youtube.com", "youtube-nocookie.com"):
        candidate = None
        if path[:1] == ["watch"]:
            candidate = (query.get("v") or [""])[0]
        elif len(path) >= 2 and path[0] in ("embed", "shorts", "live", "v"):
            candidate = path[1]
        return ("youtube", candidate, "") if candidate and YOUTUBE_ID.match(candidate) else None
    if host == "youtu.be":
        return ("youtube", path[0], "") if path and YOUTUBE_ID.match(path[0]) else None
    if host in ("vimeo.com", "player.vimeo.com"):
        if path[:1] == ["video"]:
            path = path[1:]
        if path and VIMEO_ID.match(path[0]):
            private = path[1] if len(path) > 1 and VIMEO_HASH.match(path[1]) else (query.get("h") or [""])[0]
            return ("vimeo", path[0], private if VIMEO_HASH.match(private or "") else "")
    return None


def embed_urls(provider, video_id, extra=""):
    """(player URL loaded after the click, page URL for "watch on …")."""
    if provider == "youtube":
        return (
            f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1&rel=0",
            f"https://www.youtube.com/watch?v={video_id}",
        )
    private = f"&h={extra}" if extra else ""
    return (
        f"https://player.vimeo.com/video/{video_id}?autoplay=1&dnt=1{private}",
        f"https://vimeo.com/{video_id}" + (f"/{extra}" if extra else ""),
    )


def video_placeholder_html(url, title):
    """A link to the video on its site that ``static/js/video-embed.js`` turns into the player on click."""
    parsed = parse_video_url(url)
    if parsed is None:
        return ""
    provider, video_id, extra = parsed
    player, page = embed_urls(provider, video_id, extra)
    name = PROVIDERS[provider]
    title = title or f"A video on {name}"
    return format_html(
        '<figure class="video-embed video-embed--{}">'
        '<a class="video-embed__play" href="{}" data-embed-src="{}" data-embed-title="{}" rel="noopener noreferrer">'
        '<span class="video-embed__icon" aria-hidden="true"></span>'
        '<span class="video-embed__label">Play the video: {}</span>'
        '<span class="video-embed__note">It plays from {}: nothing is loaded from {} until you press play.</span>'
        "</a>"
        '<figcaption>{} · <a href="{}" rel="noopener noreferrer">watch on {}</a></figcaption>'
        "</figure>",
        provider,
        page,
        player,
        title,
        title,
        name,
        name,
        title,
        page,
        name,
    )


def video_file_html(video, title):
    return format_html(
        '<figure class="video-embed video-embed--file">'
        '<video controls preload="none" src="{}"><a href="{}">Download the video: {}</a></video>'
        "<figcaption>{}</figcaption></figure>",
        video.url,
        video.url,
        title or video.title,
        title or video.title,
    )


class MediaRenderer:
    """Body transform: library images get their renditions, video blocks become placeholders.

    ``eager_first`` leaves the first image without ``loading="lazy"`` (for a post without a
    featured image, that image is the one above the fold). An image or video that has left
    the library is removed rather than shown broken.
    """

    def __init__(self, *, media=None, eager_first=False):
        self.media = media
        self.eager_first = eager_first

    def __call__(self, soup):
        images = soup.find_all("img", attrs={"data-file": True})
        videos = [f for f in soup.find_all("figure") if f.has_attr("data-video") or f.has_attr("data-video-file")]
        for img in soup.find_all("img"):
            if not img.has_attr("data-file"):
                img["loading"] = "lazy"
                img["decoding"] = "async"
        if not images and not videos:
            return
        media = self.media
        if media is None:
            image_ids = {int(img["data-file"]) for img in images if img["data-file"].isdigit()}
            video_ids = {int(b["data-video-file"]) for b in videos if b.get("data-video-file", "").isdigit()}
            media = {
                "images": Image.objects.in_bulk(image_ids) if image_ids else {},
                "videos": Video.objects.in_bulk(video_ids) if video_ids else {},
            }
        for index, img in enumerate(images):
            image = media["images"].get(int(img["data-file"])) if img["data-file"].isdigit() else None
            target = img.parent if img.parent is not None and img.parent.name == "figure" else img
            if image is None:
                target.decompose()
                continue
            alt = img.get("alt") if img.get("alt") is not None else image.alt
            html = picture_html(image, alt=alt, eager=self.eager_first and index == 0)
            img.replace_with(BeautifulSoup(html, "html.parser"))
        for block in videos:
            caption = block.find("figcaption")
            title = caption.get_text(" ", strip=True) if caption else ""
            if block.has_attr("data-video-file"):
                pk = block["data-video-file"]
                video = media["videos"].get(int(pk)) if pk.isdigit() else None
                html = video_file_html(video, title) if video is not None else ""
            else:
                html = video_placeholder_html(block["data-video"], title)
            if html:
                block.replace_with(BeautifulSoup(html, "html.parser"))
            else:
                block.decompose()
