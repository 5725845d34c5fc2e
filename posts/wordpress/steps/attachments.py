"""Attachments: image files found under ``--media-dir`` go through the media library's pipeline."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File

from posts.media.models import Image
from posts.media.services import image_create, image_decode
from posts.wordpress import content
from posts.wordpress.models import ImportedItem
from posts.wordpress.run import plain
from posts.wordpress.steps.authors import author_for

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}


def import_attachments(run, attachments):
    total = len(attachments)
    for done, item in enumerate(attachments, 1):
        _import_attachment(run, item)
        run.tick("attachments", done, total)


def _attached_file(item):
    relative = item.meta.get("_wp_attached_file", "").strip()
    if not relative:
        path = content.upload_path(item.attachment_url) or ""
        relative = path.removeprefix(content.UPLOADS)
    return relative


def _import_attachment(run, item):
    relative = _attached_file(item)
    key = content.upload_key(content.UPLOADS + relative) if relative else None
    record = run.record_of(ImportedItem.Kind.ATTACHMENT, item.wp_id)
    image = Image.objects.filter(pk=record.object_id).first() if record else None
    if image is not None:
        run.report.count("attachments", "unchanged")
        _use_image(run, item, key, image)
        return
    if not relative or Path(relative).suffix.lower() not in IMAGE_EXTENSIONS:
        run.report.count("attachments", "skipped")
        run.report.notes["attachments that are not images (not imported)"] += 1
        return
    source = _safe_join(run.media_dir, relative) if run.media_dir else None
    if source is None or not source.is_file():
        run.report.count("attachments", "skipped")
        run.report.missing_files.append(relative)
        return
    alt = plain(item.meta.get("_wp_attachment_image_alt", ""))
    if not alt:
        alt = plain(item.title) or Path(relative).stem.replace("-", " ")
        run.report.notes["images without alt text in WordPress (their title was used)"] += 1
    try:
        with source.open("rb") as handle:
            decoded = image_decode(file=File(handle, name=source.name))
            if run.dry_run:
                run.report.count("attachments", "created")
                return
            existed = Image.objects.filter(content_hash=decoded.content_hash).exists()
            image = image_create(
                file=File(handle, name=source.name),
                decoded=decoded,
                alt=alt[:250],
                caption=plain(item.excerpt)[:300],
                title=plain(item.title)[:200],
                uploaded_by=author_for(run, item.creator),
                reuse_existing=True,
            )
    except ValidationError as exc:
        run.report.count("attachments", "skipped")
        run.report.warn(f"Attachment {relative}: not imported ({'; '.join(exc.messages)}).")
        return
    if not existed:
        run.stored_files.append((image.content_hash, [image.file.name, *(r["name"] for r in image.renditions)]))
    run.report.count("attachments", "created")
    run.remember(ImportedItem.Kind.ATTACHMENT, item.wp_id, image, old_path=content.UPLOADS + relative)
    _use_image(run, item, key, image)


def _use_image(run, item, key, image):
    run.images_by_wp_id[item.wp_id] = image
    if key:
        run.images[key] = (image.url, image.pk, image.alt)


def _safe_join(root, relative):
    """``root/relative``, or None when ``relative`` would leave ``root`` (``../``, an absolute path)."""
    root = Path(root).resolve()
    candidate = (root / relative).resolve()
    return candidate if candidate.is_relative_to(root) and candidate != root else None
