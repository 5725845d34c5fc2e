"""Writes into the media library (HackSoft style: ``<thing>_<action>``).

The public API, for the admin, the editor's picker and the WordPress importer alike::

    image = image_create(file=f, alt="…", caption="…", uploaded_by=user)   # ValidationError on a bad file
    video = video_create(file=f, title="…", uploaded_by=user)

Both check the file before anything is stored; a refused upload leaves nothing behind.
"""

import hashlib
import logging
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from .models import Image, Video
from .processing import EXTENSIONS, DecodedImage, ImageRejected, decode, read_upload, render_files, storage_prefix

logger = logging.getLogger(__name__)

VIDEO_TYPES = {"mp4": "video/mp4", "webm": "video/webm"}


def image_max_bytes():
    return settings.MEDIA_IMAGE_MAX_MB * 1024 * 1024


def image_decode(*, file) -> DecodedImage:
    """Read and fully decode an upload, or raise ``ValidationError`` saying what is wrong with it.

    Forms call this in ``clean()`` and hand the result to ``image_create(decoded=…)`` so that a
    large photo is decoded once.
    """
    try:
        data = read_upload(file, max_bytes=image_max_bytes())
        return decode(data, max_pixels=settings.MEDIA_IMAGE_MAX_PIXELS)
    except ImageRejected as exc:
        raise ValidationError(str(exc), code="invalid_image") from exc


def _store(name, content):
    """Save under a content-addressed name; the same bytes already there are simply reused."""
    if default_storage.exists(name):
        return name
    return default_storage.save(name, ContentFile(content))


@transaction.atomic
def image_create(
    *, file=None, alt, caption="", title="", credit="", uploaded_by=None, decoded=None, reuse_existing=False
) -> Image:
    """Verify, clean and store an uploaded image with its renditions; return the library entry.

    ``file`` is any Django ``File`` (an upload, ``ContentFile``, an open file). Raises
    ``ValidationError`` for anything but a decodable JPEG, PNG, WebP or GIF within the size
    and pixel limits, before writing a byte. EXIF, XMP and comments (camera, GPS position)
    are dropped and the camera's orientation is applied to the pixels. With
    ``reuse_existing=True`` the same picture uploaded again returns the existing entry
    (an importer run twice adds nothing).
    """
    if decoded is None:
        if file is None:
            raise ValidationError("Choose an image file to upload.", code="required")
        decoded = image_decode(file=file)
    if reuse_existing:
        existing = Image.objects.filter(content_hash=decoded.content_hash).first()
        if existing is not None:
            return existing
    if not title and file is not None and getattr(file, "name", None):
        title = os.path.splitext(os.path.basename(file.name))[0].replace("-", " ").replace("_", " ")[:200]
    prefix = storage_prefix(decoded.content_hash)
    image = Image(
        title=title.strip(),
        alt=(alt or "").strip(),
        caption=(caption or "").strip(),
        credit=(credit or "").strip(),
        width=decoded.width,
        height=decoded.height,
        format=decoded.format,
        content_hash=decoded.content_hash,
        uploaded_by=uploaded_by,
    )
    image.file.name = f"{prefix}/original.{EXTENSIONS[decoded.format]}"
    image.full_clean()  # alt text and the rest are checked before a byte is written
    written = []
    try:
        files = render_files(decoded)
        original, renditions = files[0], files[1:]
        image.file.name = _store(f"{prefix}/{original.name_suffix}", original.content)
        written.append(image.file.name)
        for rendition in renditions:
            name = _store(f"{prefix}/{rendition.name_suffix}", rendition.content)
            written.append(name)
            image.renditions.append(
                {"width": rendition.width, "height": rendition.height, "name": name, "type": rendition.mime_type}
            )
        image.renditions.sort(key=lambda r: (r["width"], r["type"]))
        image.file_size = len(original.content)
        with transaction.atomic():
            image.save()
    except Exception:
        # Nothing half-written: a failed entry's files go too, unless another entry shares them.
        if not Image.objects.filter(content_hash=decoded.content_hash).exists():
            for name in written:
                default_storage.delete(name)
        raise
    logger.info(
        "Image %s stored (%s×%s %s, %d renditions)",
        image.pk,
        image.width,
        image.height,
        image.format,
        len(image.renditions),
    )
    return image


def _sniff_video(head):
    """mp4 or webm from the first bytes, or None: the name and the browser's word are not trusted."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "webm"
    return None


def video_check(*, file):
    """The video's kind ("mp4" or "webm"), or ``ValidationError`` for anything else."""
    max_bytes = settings.MEDIA_VIDEO_MAX_MB * 1024 * 1024
    size = getattr(file, "size", None)
    if not size:
        raise ValidationError("The file is empty.", code="empty")
    if size > max_bytes:
        raise ValidationError(
            f"The file is {size / 1_048_576:.0f} MB; the largest video accepted is {settings.MEDIA_VIDEO_MAX_MB} MB. "
            "For longer films, upload to YouTube or Vimeo and paste the link instead.",
            code="too_large",
        )
    file.seek(0)
    kind = _sniff_video(file.read(64))
    file.seek(0)
    if kind is None:
        raise ValidationError("This is not an MP4 or WebM video.", code="invalid_video")
    return kind


@transaction.atomic
def video_create(*, file, title, uploaded_by=None) -> Video:
    """Store an MP4 or WebM file under a hashed name; ``ValidationError`` for anything else."""
    kind = video_check(file=file)
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    content_hash = digest.hexdigest()
    file.seek(0)
    name = f"videos/{content_hash[:2]}/{content_hash[:24]}.{kind}"
    stored = name if default_storage.exists(name) else default_storage.save(name, file)
    video = Video(
        title=(title or "").strip(),
        mime_type=VIDEO_TYPES[kind],
        file_size=file.size,
        content_hash=content_hash,
        uploaded_by=uploaded_by,
    )
    video.file.name = stored
    try:
        video.full_clean()
        video.save()
    except Exception:
        if not Video.objects.filter(content_hash=content_hash).exists():
            default_storage.delete(stored)
        raise
    return video


def image_usage(image):
    """Where the image appears: [(what, object)], from the foreign keys and from bodies that embed it."""
    from posts.models import AnatomyTopic, AuthorProfile, Condition, Exercise, Page, Post

    marker = f'data-file="{image.pk}"'
    found = []
    for post in Post.objects.filter(featured_image=image).only("pk", "title"):
        found.append(("featured image of the post", post))
    for profile in AuthorProfile.objects.filter(photo=image).only("pk", "display_name"):
        found.append(("photo of", profile))
    for topic in AnatomyTopic.objects.filter(illustration=image).only("pk", "name"):
        found.append(("illustration of", topic))
    for exercise in Exercise.objects.filter(image=image).only("pk", "name"):
        found.append(("image of the exercise", exercise))
    for model in (Post, Page, AnatomyTopic, Condition, Exercise):
        for obj in model.objects.filter(body__contains=marker).only("pk"):
            found.append((f"in the text of the {model._meta.verbose_name}", obj))
    return found
