"""The media library in the admin, and the upload-and-pick page the editor opens in a dialog."""

import json

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.clickjacking import xframe_options_sameorigin
from reversion.admin import VersionAdmin

from .forms import ImageUploadForm, PickerUploadForm, VideoUploadForm
from .models import Image, Video
from .services import image_usage


def framed_by_the_admin(view):
    """The picker opens in a frame inside the editor: this site may frame it (X-Frame-Options and
    the CSP's frame-ancestors both say so); every other page keeps DENY / 'none'."""
    return xframe_options_sameorigin(csp_replace({"frame-ancestors": [SELF]})(view))


PICKER_PAGE_SIZE = 24


def _admin_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@admin.register(Image)
class ImageAdmin(VersionAdmin):
    list_display = ["thumbnail", "__str__", "alt", "dimensions", "uploaded_by_name", "created_at"]
    list_display_links = ["__str__"]
    list_select_related = ["uploaded_by__author_profile"]
    search_fields = ["title", "alt", "caption"]
    list_filter = ["format", "created_at"]
    date_hierarchy = "created_at"
    list_per_page = 48
    change_fields = ["preview", "alt", "caption", "title", "credit", "details", "usage"]
    readonly_fields = ["preview", "details", "usage"]

    # --- Upload (add) and edit (change) ----------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            form = ImageUploadForm

            class BoundUploadForm(form):
                def __init__(self, *args, **inner):
                    super().__init__(*args, uploaded_by=request.user, **inner)

            kwargs["form"] = BoundUploadForm
            kwargs["fields"] = ImageUploadForm.Meta.fields
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ImageUploadForm.Meta.fields if obj is None else self.change_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        # On add, the upload form's save() already stored the entry through image_create.

    def has_delete_permission(self, request, obj=None):
        # An image still in use cannot go (the change page lists where it is used).
        if obj is not None and image_usage(obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            protected += [format_html("{} is used: {} {}", image, what, target) for what, target in image_usage(image)]
        return deleted, model_count, perms_needed, protected

    # --- Columns and read-only parts ---------------------------------------------------

    @admin.display(description="Image")
    def thumbnail(self, obj):
        return format_html(
            '<img src="{}" alt="" width="96" height="{}" class="media-thumb" loading="lazy">',
            obj.thumbnail_url,
            max(1, round(96 * obj.height / obj.width)) if obj.width else 96,
        )

    @admin.display(description="Size")
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}"

    @admin.display(description="Uploaded by", ordering="uploaded_by__first_name")
    def uploaded_by_name(self, obj):
        user = obj.uploaded_by
        if user is None:
            return "—"
        profile = getattr(user, "author_profile", None)
        return profile.display_name if profile else (user.get_full_name() or user.get_username())

    @admin.display(description="Preview")
    def preview(self, obj):
        return format_html(
            '<img src="{}" alt="{}" width="{}" height="{}" class="media-preview">',
            obj.url,
            obj.alt,
            obj.display_width,
            obj.display_height,
        )

    @admin.display(description="Files")
    def details(self, obj):
        rows = format_html_join(
            "", "<li>{} × {} {}</li>", ((r["width"], r["height"], r["type"]) for r in obj.renditions)
        )
        return format_html(
            "<p>Original {} × {} {}, {} KB, metadata removed. Made once at upload:</p><ul>{}</ul>",
            obj.width,
            obj.height,
            obj.format.upper(),
            round(obj.file_size / 1024),
            rows,
        )

    @admin.display(description="Where it is used")
    def usage(self, obj):
        found = image_usage(obj)
        if not found:
            return "Nowhere yet."
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", '<li>{} <a href="{}">{}</a></li>', ((w, _admin_url(t), t) for w, t in found)),
        )

    # --- The editor's picker -------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view(framed_by_the_admin(self.picker_view))
        return [path("picker/", view, name="posts_image_picker"), *super().get_urls()]

    def picker_view(self, request):
        """Search, page through and upload images; "Insert" hands one to the editor (postMessage)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        can_upload = self.has_add_permission(request)
        form, uploaded = None, None
        if can_upload:
            form = PickerUploadForm(request.POST or None, request.FILES or None, uploaded_by=request.user)
            if request.method == "POST" and form.is_valid():
                uploaded = form.save()
                self.log_addition(request, uploaded, [{"added": {}}])
                messages.success(request, f"“{uploaded}” is in the library.")
                form = PickerUploadForm(uploaded_by=request.user)
        elif request.method == "POST":
            raise PermissionDenied
        query = request.GET.get("q", "").strip()[:100]
        page = Paginator(Image.objects.search(query), PICKER_PAGE_SIZE).get_page(request.GET.get("page"))
        items = [{"image": image, "pick": json.dumps(image.as_json())} for image in page]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Insert an image",
            "is_popup": True,
            "kind": "image",
            "form": form,
            "query": query,
            "page_obj": page,
            "items": items,
            "uploaded": uploaded,
            "uploaded_pick": json.dumps(uploaded.as_json()) if uploaded else "",
        }
        status = 400 if form is not None and form.is_bound and not form.is_valid() else 200
        return TemplateResponse(request, "admin/posts/media/picker.html", context, status=status)


@admin.register(Video)
class VideoAdmin(admin.ModelAdmin):
    list_display = ["title", "mime_type", "size", "created_at"]
    search_fields = ["title"]
    readonly_fields = ["player"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:

            class BoundUploadForm(VideoUploadForm):
                def __init__(self, *args, **inner):
                    super().__init__(*args, uploaded_by=request.user, **inner)

            kwargs["form"] = BoundUploadForm
            kwargs["fields"] = VideoUploadForm.Meta.fields
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return VideoUploadForm.Meta.fields if obj is None else ["player", "title"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)

    @admin.display(description="Size")
    def size(self, obj):
        return f"{obj.file_size / 1_048_576:.1f} MB"

    @admin.display(description="Video")
    def player(self, obj):
        return format_html('<video controls preload="none" src="{}" class="media-preview"></video>', obj.url)

    def get_urls(self):
        view = self.admin_site.admin_view(framed_by_the_admin(self.picker_view))
        return [path("picker/", view, name="posts_video_picker"), *super().get_urls()]

    def picker_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        can_upload = self.has_add_permission(request)
        form, uploaded = None, None
        if can_upload:
            form = VideoUploadForm(request.POST or None, request.FILES or None, uploaded_by=request.user)
            if request.method == "POST" and form.is_valid():
                uploaded = form.save()
                self.log_addition(request, uploaded, [{"added": {}}])
                form = VideoUploadForm(uploaded_by=request.user)
        elif request.method == "POST":
            raise PermissionDenied
        query = request.GET.get("q", "").strip()[:100]
        videos = Video.objects.filter(title__icontains=query) if query else Video.objects.all()
        page = Paginator(videos, PICKER_PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Choose a video",
            "is_popup": True,
            "kind": "video",
            "form": form,
            "query": query,
            "page_obj": page,
            "items": [{"video": video, "pick": json.dumps(video.as_json())} for video in page],
            "uploaded": uploaded,
            "uploaded_pick": json.dumps(uploaded.as_json()) if uploaded else "",
        }
        status = 400 if form is not None and form.is_bound and not form.is_valid() else 200
        return TemplateResponse(request, "admin/posts/media/picker.html", context, status=status)
