"""Every image uploaded before the media library becomes a library entry: decoded, cleaned of
EXIF, given renditions, and linked from where it was. A file that is missing or unreadable is
logged and skipped (the field is left empty) rather than stopping the migration."""

import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations

logger = logging.getLogger("posts.migrations")

# (model, old file field, new foreign key, alt field, caption field, what to call it)
MOVES = [
    ("Post", "featured_image_file", "featured_image", "featured_image_alt", "featured_image_caption", "title"),
    ("AuthorProfile", "photo_file", "photo", "photo_alt", None, "display_name"),
    ("AnatomyTopic", "illustration_file", "illustration", "illustration_alt", "illustration_caption", "name"),
    ("Exercise", "image_file", "image", "image_alt", None, "name"),
]
MAX_PIXELS = 100_000_000  # already on the site: more lenient than new uploads


def forward(apps, schema_editor):
    from posts.media.processing import ImageRejected, decode, render_files, storage_prefix

    Image = apps.get_model("posts", "Image")
    for model_name, old, new, alt_field, caption_field, label_field in MOVES:
        Model = apps.get_model("posts", model_name)
        for obj in Model.objects.exclude(**{old: ""}).exclude(**{f"{old}__isnull": True}):
            name = getattr(obj, old).name
            try:
                with default_storage.open(name) as handle:
                    decoded = decode(handle.read(), max_pixels=MAX_PIXELS)
            except (OSError, ImageRejected) as exc:
                logger.warning("%s %s: %s could not be moved into the media library (%s)", model_name, obj.pk, name, exc)
                continue
            image = Image.objects.filter(content_hash=decoded.content_hash).first()
            if image is None:
                prefix = storage_prefix(decoded.content_hash)
                files = render_files(decoded)
                stored = {}
                for encoded in files:
                    target = f"{prefix}/{encoded.name_suffix}"
                    stored[encoded.name_suffix] = (
                        target if default_storage.exists(target) else default_storage.save(target, ContentFile(encoded.content))
                    )
                label = getattr(obj, label_field)
                image = Image(
                    title=str(label)[:200],
                    alt=(getattr(obj, alt_field) or "").strip() or f"Image for “{label}”"[:250],
                    caption=(getattr(obj, caption_field) or "").strip() if caption_field else "",
                    width=decoded.width,
                    height=decoded.height,
                    format=decoded.format,
                    file_size=len(files[0].content),
                    renditions=sorted(
                        (
                            {"width": f.width, "height": f.height, "name": stored[f.name_suffix], "type": f.mime_type}
                            for f in files[1:]
                        ),
                        key=lambda r: (r["width"], r["type"]),
                    ),
                    content_hash=decoded.content_hash,
                )
                image.file.name = stored[files[0].name_suffix]
                image.save()
            setattr(obj, f"{new}_id", image.pk)
            obj.save(update_fields=[new])


class Migration(migrations.Migration):

    dependencies = [("posts", "0004_add_media_library")]

    operations = [migrations.RunPython(forward, reverse_code=migrations.RunPython.noop)]
