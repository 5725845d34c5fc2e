"""The rich-text editor of posts, pages and the clinic library: django-prose-editor (BSD, ProseMirror/Tiptap).

What the editor can make is listed once here; ``posts.sanitizer.clean_html`` still cleans every
save on the model, whatever sent the HTML. Our own Tiptap extensions live in
``static/clinic_admin/editor/clinic-media.js``: ``MediaFigure`` inserts images from the media
library (a dialog on the staff-only picker page), ``ClinicVideo`` a YouTube / Vimeo link or a
library video.
"""

from django.urls import reverse_lazy
from django_prose_editor.config import add_allowed_classes, add_tags_and_attributes
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget


def allow_figures(config, shared_config):
    """What ``MediaFigure`` makes, for django-prose-editor's own allowlist (settings)."""
    attributes = {"img": ["src", "alt", "width", "height", "data-file"]}
    add_tags_and_attributes(shared_config, ["figure", "figcaption", "img"], attributes)
    add_allowed_classes(shared_config, {"figure": ["figure"], "figcaption": ["figure-caption"]})


def allow_videos(config, shared_config):
    add_tags_and_attributes(shared_config, ["figure", "figcaption"], {"figure": ["data-video", "data-video-file"]})


def body_extensions():
    return {
        "Heading": {"levels": [2, 3, 4]},
        "Bold": True,
        "Italic": True,
        "Strike": True,
        "Subscript": True,
        "Superscript": True,
        "HardBreak": True,
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HorizontalRule": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
        "MediaFigure": {"libraryUrl": reverse_lazy("admin:posts_image_picker")},
        "Image": True,
        "Caption": True,
        "ClinicVideo": {"libraryUrl": reverse_lazy("admin:posts_video_picker")},
        "Fullscreen": True,
        "HTML": True,
    }


def rich_text_field(**kwargs):
    """A form field for a body: the editor in the admin; the model sanitises on save."""
    return ProseEditorFormField(
        config={"extensions": body_extensions()}, preset="configurable", widget=AdminProseEditorWidget, **kwargs
    )


class RichTextAdminMixin:
    """ModelAdmin mixin: the fields named in ``rich_text_fields`` get the editor."""

    rich_text_fields = ("body",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.rich_text_fields:
            return rich_text_field(
                required=not db_field.blank,
                label=db_field.verbose_name.capitalize(),
                help_text="Headings, lists, links, quotes, images from the media library and videos. "
                "Pasted text from Word or Google Docs is cleaned when you save.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)
