from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.html import format_html

from .models import AuthorProfile, Category, Page, Post, Reference


class ReferenceInline(GenericTabularInline):
    model = Reference
    extra = 0
    fields = ["order", "citation", "url", "doi", "pubmed_id"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "state_label", "published_at", "author", "last_reviewed"]
    list_filter = ["status", "categories", "author"]
    search_fields = ["title", "excerpt", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["categories"]
    raw_id_fields = []
    inlines = [ReferenceInline]
    readonly_fields = ["reading_time", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "excerpt", "body"]}),
        ("Publishing", {"fields": ["status", "published_at", "comments_open"]}),
        ("Featured image", {"fields": ["featured_image", "featured_image_alt", "featured_image_caption"]}),
        ("Filing", {"fields": ["categories", "tags"]}),
        ("Review", {"fields": ["last_reviewed", "reviewed_by"]}),
        ("Search engines", {"fields": ["seo_description", "legacy_url"], "classes": ["collapse"]}),
        ("Record", {"fields": ["reading_time", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.display(description="State", ordering="status")
    def state_label(self, obj):
        colours = {"draft": "#8a6d3b", "scheduled": "#31708f", "published": "#3c763d"}
        return format_html('<strong style="color:{}">{}</strong>', colours[obj.state], obj.state.capitalize())


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "menu_order", "in_header", "in_footer", "is_published"]
    list_editable = ["menu_order", "in_header", "in_footer", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "body"]


@admin.register(AuthorProfile)
class AuthorProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "credentials", "user"]
    prepopulated_fields = {"slug": ["display_name"]}
    search_fields = ["display_name", "user__username"]
    raw_id_fields = ["user"]
