"""Readers' pictures without asking another site: copied social avatars, or initials on a calm colour.

The colour comes from a keyed hash of the reader's email, so nothing reveals the address (unlike
Gravatar's plain MD5 of it; Gravatar is used only when the operator sets ``COMMENTS_GRAVATAR``).
Identicons (a symmetric 5×5 pattern from the same hash) are still served at their old
addresses, which pages and feeds stored before initials avatars may hold.
"""

import hashlib
import io
import logging
import urllib.request
from functools import lru_cache
from html import escape

from django.core.exceptions import ObjectDoesNotExist
from django.core.files.base import ContentFile
from django.utils.crypto import salted_hmac
from PIL import Image, UnidentifiedImageError

logger = logging.getLogger(__name__)

AVATAR_SIZE = 96
MAX_DOWNLOAD_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 4096 * 4096
DOWNLOAD_TIMEOUT = 5


@lru_cache(maxsize=4096)
def identicon_key(seed: str) -> str:
    return salted_hmac("comments.avatars.identicon", seed.strip().lower()).hexdigest()[:20]


AVATAR_TONES = 6  # calm colour pairs in static/css/site.css (.avatar--tone-0 … 5)


def initials(name: str) -> str:
    """Up to two letters from a display name: "Priya Shah" -> "PS", "hipreader" -> "H"."""
    words = [word for word in (name or "").replace(".", " ").split() if word[:1].isalnum()]
    letters = (words[0][:1] + (words[-1][:1] if len(words) > 1 else "")) if words else "?"
    return letters.upper()


def avatar_tone(seed: str) -> int:
    """A colour for a commenter, from the same keyed hash as the identicon (never the address itself)."""
    return int(identicon_key(seed or "?")[-4:], 16) % AVATAR_TONES


def avatar_html(*, src: str = "", name: str = "", seed: str = "", lazy: bool = False) -> str:
    """A commenter's picture: their copied (or Gravatar) image, else their initials on a calm colour.

    Decorative either way (their name is written next to it), so hidden from assistive technology.
    """
    if src:
        extra = ' loading="lazy" decoding="async"' if lazy else ""
        return f'<img class="comment__avatar" src="{escape(src)}" alt="" width="48" height="48"{extra}>'
    tone = avatar_tone(seed or name)
    return (
        f'<span class="comment__avatar avatar--initials avatar--tone-{tone}" aria-hidden="true">'
        f"{escape(initials(name))}</span>"
    )


def gravatar_url(email: str) -> str:
    digest = hashlib.md5(email.strip().lower().encode(), usedforsecurity=False).hexdigest()
    return f"https://www.gravatar.com/avatar/{digest}?s={AVATAR_SIZE}&d=identicon"


def loaded_avatar(user):
    """The user's ReaderAvatar if it was fetched already (select_related), else None: never a query."""
    if not user.__class__.reader_avatar.is_cached(user):
        return None
    try:
        return user.reader_avatar
    except ObjectDoesNotExist:
        return None


def identicon_svg(key: str) -> str:
    """A 5×5 mirrored pattern and a hue, both taken from the hex ``key``."""
    bits = bin(int(key, 16))[2:].zfill(len(key) * 4)
    hue = int(key[-3:], 16) % 360
    cells = []
    for row in range(5):
        for col in range(3):
            if bits[row * 3 + col] == "1":
                cells.append((col, row))
                if col < 2:
                    cells.append((4 - col, row))
    path = "".join(f"M{x} {y}h1v1h-1z" for x, y in cells)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="-0.5 -0.5 6 6" width="96" height="96">'
        f'<rect x="-0.5" y="-0.5" width="6" height="6" fill="hsl({hue} 45% 92%)"/>'
        f'<path fill="hsl({hue} 50% 36%)" d="{path}"/></svg>'
    )


# --- Copying a social account's picture ----------------------------------------------


class AvatarError(Exception):
    pass


def download_image(url: str) -> bytes:
    if not url.lower().startswith(("https://", "http://")):
        raise AvatarError(f"not a web address: {url[:80]}")
    request = urllib.request.Request(url, headers={"User-Agent": "ClinicBlog-avatar/1.0"})
    with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT) as response:  # noqa: S310 (scheme checked above)
        data = response.read(MAX_DOWNLOAD_BYTES + 1)
    if len(data) > MAX_DOWNLOAD_BYTES:
        raise AvatarError("image too large")
    return data


def square_png(data: bytes) -> bytes:
    """Decode (refusing bombs and non-images), crop to a centred square, shrink, re-encode as PNG."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise AvatarError("image has too many pixels")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image = image.convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise AvatarError(f"not a usable image: {exc}") from exc
    side = min(image.size)
    left, top = (image.width - side) // 2, (image.height - side) // 2
    image = image.crop((left, top, left + side, top + side)).resize((AVATAR_SIZE, AVATAR_SIZE))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)  # re-encoding drops EXIF and anything else it carried
    return out.getvalue()


def store_social_avatar(*, user, url: str, provider: str = ""):
    """Copy ``url`` into our storage as ``user``'s avatar; on any failure keep what we had.

    Returns the ReaderAvatar, or None when nothing could be stored.
    """
    from comments.models import ReaderAvatar

    avatar, _ = ReaderAvatar.objects.get_or_create(user=user)
    if not url or (avatar.source_url == url and avatar.image):
        return avatar
    try:
        png = square_png(download_image(url))
    except (AvatarError, OSError, ValueError) as exc:
        logger.warning("Could not copy the avatar of user %s from %s: %s", user.pk, provider or "provider", exc)
        return avatar if avatar.image else None
    old_name = avatar.image.name if avatar.image else None
    digest = hashlib.sha256(png).hexdigest()[:12]
    avatar.image.save(f"{user.pk}-{digest}.png", ContentFile(png), save=False)
    avatar.source_url, avatar.provider = url, provider
    avatar.save()
    if old_name and old_name != avatar.image.name:
        avatar.image.storage.delete(old_name)
    return avatar
