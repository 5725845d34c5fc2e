from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.admin import VersionAdmin

from . import services
from .editor import RichTextAdminMixin
from .media import admin as media_admin  # noqa: F401  (registers the media library)
from .models import (
    AnatomyTopic,
    AuthorProfile,
    Category,
    Condition,
    Equipment,
    Exercise,
    ExerciseTarget,
    Goal,
    Page,
    Post,
    PostExercise,
    Reference,
)
from .models.author import display_name
from .models.library import review_overdue_cutoff, review_overdue_q

EDIT_OTHERS = "posts.edit_others_posts"


class NamedBlankAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete select with its blank choice named: an empty <option> is invalid HTML."""

    def create_option(self, name, value, label, *args, **kwargs):
        return super().create_option(name, value, label if value != "" else "—", *args, **kwargs)


class NamedBlankAutocompleteMixin:
    """Optional foreign keys in ``autocomplete_fields`` get the select above (its choices are unchanged)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = NamedBlankAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReviewOverdueFilter(admin.SimpleListFilter):
    """Health content not reviewed within ``REVIEW_OVERDUE_MONTHS`` (or never)."""

    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        months = settings.REVIEW_OVERDUE_MONTHS
        return [("overdue", f"Overdue (over {months} months, or never)"), ("current", "Up to date")]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.filter(review_overdue_q())
        if self.value() == "current":
            return queryset.filter(last_reviewed__gte=review_overdue_cutoff())
        return queryset


@admin.display(description="Review", ordering="last_reviewed")
def review_state(obj):
    if obj.last_reviewed is None:
        return format_html('<strong class="review-overdue">{}</strong>', "Never reviewed")
    if obj.last_reviewed < review_overdue_cutoff():
        return format_html('<strong class="review-overdue">Overdue</strong> ({})', obj.last_reviewed.isoformat())
    return obj.last_reviewed.isoformat()


class ReferenceInline(GenericTabularInline):
    model = Reference
    extra = 0
    fields = ["order", "citation", "url", "doi", "pubmed_id"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent"]
    list_select_related = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class PostExerciseInline(admin.TabularInline):
    model = PostExercise
    extra = 0
    fields = ["order", "exercise", "dosage", "note"]
    autocomplete_fields = ["exercise"]
    verbose_name = "exercise"
    verbose_name_plural = "exercise programme (in order, with this post's dosage and notes)"


class StaffAuthorFilter(admin.SimpleListFilter):
    """Posts by one writer; only staff who have written posts are offered, by name."""

    title = "author"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        writers = (
            get_user_model()
            .objects.filter(is_staff=True, posts__isnull=False)
            .distinct()
            .select_related("author_profile")
        )
        return sorted(((str(user.pk), display_name(user)) for user in writers), key=lambda pair: pair[1].lower())

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(author_id=int(value))
        return queryset


class StateFilter(admin.SimpleListFilter):
    """Draft, scheduled or published, as the clinician thinks of them."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("draft", "Draft"), ("scheduled", "Scheduled"), ("published", "Published")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "draft":
            return queryset.filter(status=Post.Status.DRAFT)
        if self.value() == "scheduled":
            return queryset.filter(status=Post.Status.PUBLISHED, published_at__gt=now)
        if self.value() == "published":
            return queryset.filter(status=Post.Status.PUBLISHED, published_at__lte=now)
        return queryset


class WriterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


class SeoDescriptionWidget(forms.Textarea):
    """The SEO description with a live character count (static/clinic_admin/post-form.js)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 2, "data-count-chars": "160", **(attrs or {})})


@admin.register(Post)
class PostAdmin(NamedBlankAutocompleteMixin, RichTextAdminMixin, VersionAdmin):
    list_display = ["title", "state_label", "published_at", "author_name", review_state]
    list_filter = [StateFilter, StaffAuthorFilter, "categories", ReviewOverdueFilter]
    list_select_related = ["author__author_profile"]
    search_fields = ["title", "excerpt", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["categories", "topics", "conditions", "featured_image"]
    inlines = [PostExerciseInline, ReferenceInline]
    readonly_fields = ["reading_time", "created_at", "updated_at"]
    actions = ["publish_selected", "unpublish_selected"]
    view_on_site = False  # the change form has its own Preview / View on site button
    fieldsets = [
        (None, {"fields": ["title", "slug", "excerpt", "body"]}),
        ("Publishing", {"fields": ["status", "published_at", "author", "comments_open"]}),
        ("Featured image", {"fields": ["featured_image", "featured_image_alt", "featured_image_caption"]}),
        ("Clinic library: what the post is about", {"fields": ["topics", "conditions"]}),
        ("Filing", {"fields": ["categories", "tags"]}),
        ("Review", {"fields": ["last_reviewed", "reviewed_by"]}),
        ("Search engines", {"fields": ["seo_description", "legacy_url"]}),
        ("Record", {"fields": ["reading_time", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    class Media:
        js = ["clinic_admin/post-form.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author__author_profile")

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "seo_description":
            kwargs["widget"] = SeoDescriptionWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("author", "reviewed_by"):
            writers = get_user_model().objects.filter(is_staff=True).select_related("author_profile")
            if db_field.name == "author" and not request.user.has_perm(EDIT_OTHERS):
                writers = writers.filter(pk=request.user.pk)  # an Author writes as themselves
            field = WriterChoiceField(
                queryset=writers.order_by("first_name", "last_name", "username"),
                required=not db_field.blank,
                label=db_field.verbose_name.capitalize(),
                help_text=db_field.help_text,
            )
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- Who may change what: an Author edits their own posts ------------------------

    def _may_edit(self, request, obj):
        return obj is None or obj.author_id == request.user.pk or request.user.has_perm(EDIT_OTHERS)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_edit(request, obj)

    def _editable(self, request, queryset):
        if request.user.has_perm(EDIT_OTHERS):
            return queryset
        return queryset.filter(author=request.user)

    # --- Columns -----------------------------------------------------------------------

    @admin.display(description="State", ordering="status")
    def state_label(self, obj):
        return format_html('<strong class="post-state post-state--{}">{}</strong>', obj.state, obj.state.capitalize())

    @admin.display(description="Author", ordering="author__first_name")
    def author_name(self, obj):
        return display_name(obj.author)

    # --- Publishing --------------------------------------------------------------------

    @admin.action(description="Publish selected posts now (or at their future date)", permissions=["change"])
    def publish_selected(self, request, queryset):
        self._publishing(request, queryset, services.post_publish, "published or scheduled")

    @admin.action(description="Unpublish selected posts (back to draft)", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        self._publishing(request, queryset, services.post_unpublish, "unpublished")

    def _publishing(self, request, queryset, service, done):
        editable = self._editable(request, queryset)
        skipped = queryset.count() - editable.count()
        count = 0
        for post in editable:
            service(post=post)
            count += 1
        self.message_user(request, f"{count} post{'s' if count != 1 else ''} {done}.", messages.SUCCESS)
        if skipped:
            self.message_user(request, f"{skipped} post(s) by other authors were left alone.", messages.WARNING)

    def get_urls(self):
        # /admin/posts/post/review-overdue/: every post and library entry due for review.
        view = self.admin_site.admin_view(review_overdue_view)
        return [path("review-overdue/", view, name="posts_review_overdue"), *super().get_urls()]


@admin.register(Page)
class PageAdmin(RichTextAdminMixin, VersionAdmin):
    list_display = ["title", "slug", "menu_order", "in_header", "in_footer", "is_published"]
    list_editable = ["menu_order", "in_header", "in_footer", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "body"]


@admin.register(AuthorProfile)
class AuthorProfileAdmin(NamedBlankAutocompleteMixin, RichTextAdminMixin, admin.ModelAdmin):
    list_display = ["display_name", "credentials", "user"]
    prepopulated_fields = {"slug": ["display_name"]}
    search_fields = ["display_name", "user__username"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["photo"]
    rich_text_fields = ("bio",)


# --- The clinic library ------------------------------------------------------------


class LibraryAdmin(NamedBlankAutocompleteMixin, RichTextAdminMixin, VersionAdmin):
    """What every library admin shares: search, review state, references, the writer."""

    search_fields = ["name", "aliases", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    list_filter = [ReviewOverdueFilter]
    inlines = [ReferenceInline]
    written_fieldset = ("Written and reviewed", {"fields": ["author", "last_reviewed", "reviewed_by"]})

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}


class PartInline(admin.TabularInline):
    """A topic's parts (psoas major and iliacus under iliopsoas), added or renamed in place."""

    model = AnatomyTopic
    fk_name = "parent"
    fields = ["name", "kind", "region"]
    extra = 0
    can_delete = False  # unlinking a part must never delete its page
    show_change_link = True
    verbose_name = "part"
    verbose_name_plural = "parts"


class TopicTargetInline(admin.TabularInline):
    model = ExerciseTarget
    fk_name = "topic"
    fields = ["exercise", "role"]
    autocomplete_fields = ["exercise"]
    extra = 0
    verbose_name = "exercise that works it"
    verbose_name_plural = "exercises that work it"


@admin.register(AnatomyTopic)
class AnatomyTopicAdmin(LibraryAdmin):
    list_display = ["name", "kind", "region", "parent", "pronunciation", review_state]
    list_filter = ["kind", "region", "link_mentions", ReviewOverdueFilter]
    list_select_related = ["parent", "author__author_profile"]
    search_fields = ["name", "aliases", "pronunciation", "summary"]
    autocomplete_fields = ["parent", "synergists", "antagonists", "illustration"]
    inlines = [PartInline, TopicTargetInline, ReferenceInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "region", "parent", "summary"]}),
        (
            "Names readers use",
            {"fields": ["pronunciation", "pronunciation_note", "aliases", "link_mentions"]},
        ),
        ("Anatomy", {"fields": ["origin", "insertion", "actions", "innervation", "synergists", "antagonists"]}),
        ("More about it", {"fields": ["body"]}),
        ("Illustration", {"fields": ["illustration", "illustration_alt", "illustration_caption"]}),
        LibraryAdmin.written_fieldset,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent")

    def save_formset(self, request, form, formset, change):
        if formset.model is AnatomyTopic:
            # A part added here is written by the same person as its parent.
            for part in formset.save(commit=False):
                if not part.author_id:
                    part.author = form.instance.author
                part.save()
            formset.save_m2m()
            return
        super().save_formset(request, form, formset, change)


@admin.register(Condition)
class ConditionAdmin(LibraryAdmin):
    list_display = ["name", "summary", review_state]
    list_filter = [("topics", admin.RelatedOnlyFieldListFilter), ReviewOverdueFilter]
    search_fields = ["name", "aliases", "summary", "symptoms"]
    autocomplete_fields = ["topics", "exercises"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "aliases", "summary"]}),
        ("What the reader notices", {"fields": ["symptoms", "pain_pattern", "when_to_seek_help"]}),
        ("More about it", {"fields": ["body"]}),
        ("Links", {"fields": ["topics", "exercises"]}),
        LibraryAdmin.written_fieldset,
    ]


class ExerciseTargetInline(admin.TabularInline):
    model = ExerciseTarget
    fk_name = "exercise"
    fields = ["topic", "role"]
    autocomplete_fields = ["topic"]
    extra = 1
    verbose_name = "target"
    verbose_name_plural = "targets: what it stretches, strengthens or mobilises"


@admin.register(Exercise)
class ExerciseAdmin(LibraryAdmin):
    list_display = ["name", "goal_list", "discipline", "difficulty", review_state]
    list_filter = ["goals", "discipline", "difficulty", "equipment", ReviewOverdueFilter]
    search_fields = ["name", "aliases", "summary", "source_credit"]
    autocomplete_fields = ["equipment", "image"]
    inlines = [ExerciseTargetInline, ReferenceInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "aliases", "summary", "goals"]}),
        ("Kind", {"fields": ["discipline", "source_credit", "difficulty", "equipment"]}),
        ("How to do it", {"fields": ["steps", "cues", "cautions"]}),
        ("Default dosage", {"fields": ["sets", "reps", "hold_seconds", "per_side"]}),
        ("More about it", {"fields": ["body", "image", "image_alt"]}),
        LibraryAdmin.written_fieldset,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(Prefetch("goals", queryset=Goal.objects.all()))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "goals":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="Goals")
    def goal_list(self, obj):
        return ", ".join(goal.name for goal in obj.goals.all())


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Equipment)
class EquipmentAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


REVIEWED_MODELS = [Post, AnatomyTopic, Condition, Exercise]


def review_overdue_view(request):
    """Everything whose review is overdue, oldest first, for the models this user may see.

    Staff who see none of them (moderators) get 403, not an empty page.
    """
    sections = []
    model_admins = [(model, admin.site.get_model_admin(model)) for model in REVIEWED_MODELS]
    visible = [(model, ma) for model, ma in model_admins if ma.has_view_permission(request)]
    if not visible:
        raise PermissionDenied
    for model, _model_admin in visible:
        items = model._default_manager.filter(review_overdue_q()).order_by("last_reviewed", "pk")
        opts = model._meta
        sections.append(
            {
                "name": opts.verbose_name_plural.capitalize(),
                "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + "?review=overdue",
                "items": [
                    {
                        "label": str(item),
                        "last_reviewed": item.last_reviewed,
                        "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk]),
                    }
                    for item in items
                ],
            }
        )
    context = {
        **admin.site.each_context(request),
        "title": "Review overdue",
        "sections": sections,
        "months": settings.REVIEW_OVERDUE_MONTHS,
        "cutoff": review_overdue_cutoff(),
    }
    return TemplateResponse(request, "admin/posts/review_overdue.html", context)
