from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from posts.rendering import render_body
from posts.sanitizer import clean_html

from .review import ReviewedContent
from .slugs import remember_moved_path, unique_slug


class CategoryTree:
    """Every category's id, parent, name and slug from one query, walked in memory.

    A blog has tens of categories (a WordPress import a few hundred at most), so one small query
    and a walk in Python is cheaper than a recursive CTE per question, works the same on SQLite
    (``make run``), and answers descendants, ancestors and children from the same rows. A cycle
    (``Category.clean`` refuses one; a raw write could still make one) ends a walk instead of
    looping.
    """

    def __init__(self, categories):
        self.by_id = {category.pk: category for category in categories}
        self.children_of = defaultdict(list)
        for category in self.by_id.values():
            if category.parent_id is not None:
                self.children_of[category.parent_id].append(category)

    def children(self, category_id):
        """The subcategories directly under this one, in the categories' own order (by name)."""
        return list(self.children_of.get(category_id, ()))

    def descendant_ids(self, category_id):
        """This category's id and those of every category below it, at any depth."""
        found, waiting = {category_id}, [category_id]
        while waiting:
            for child in self.children_of.get(waiting.pop(), ()):
                if child.pk not in found:
                    found.add(child.pk)
                    waiting.append(child.pk)
        return found

    def ancestors(self, category_id):
        """The categories above this one, the top one first (this one not included)."""
        line, seen = [], {category_id}
        category = self.by_id.get(category_id)
        while category is not None and category.parent_id is not None and category.parent_id not in seen:
            seen.add(category.parent_id)
            category = self.by_id.get(category.parent_id)
            if category is not None:
                line.append(category)
        return line[::-1]


class CategoryQuerySet(models.QuerySet):
    def tree(self):
        """The whole hierarchy in one query (see ``CategoryTree``)."""
        return CategoryTree(self.only("id", "parent_id", "name", "slug"))


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="Optional: the broader category this one sits under (as WordPress nests them).",
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("posts:category", kwargs={"slug": self.slug})

    def clean(self):
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": "A category cannot sit under itself or one of its own subcategories."})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class PostQuerySet(models.QuerySet):
    def published(self):
        """Posts a reader may see: published, with a publication time now or past."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        """Staff also reach drafts and scheduled posts (at their detail URL only)."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published()

    def in_category(self, category, tree=None):
        """Posts filed in this category or any category below it, each once.

        The membership test is a subquery rather than a join, so a post filed in both a category
        and its subcategory is listed once without DISTINCT (which would upset the ordering).
        """
        tree = tree if tree is not None else Category.objects.tree()
        through = self.model.categories.through
        filed = through.objects.filter(category_id__in=tree.descendant_ids(category.pk)).values("post_id")
        return self.filter(pk__in=filed)

    def for_listing(self):
        return self.select_related("author__author_profile", "featured_image").prefetch_related("categories")

    def with_library(self):
        """The post's topics, conditions and exercise programme in four queries, however many."""
        from .anatomy import AnatomyTopic
        from .condition import Condition
        from .exercise import PostExercise

        return self.prefetch_related(
            models.Prefetch("topics", queryset=AnatomyTopic.objects.order_by("name")),
            models.Prefetch("conditions", queryset=Condition.objects.order_by("name")),
            models.Prefetch(
                "exercise_entries",
                queryset=PostExercise.objects.select_related("exercise").prefetch_related("exercise__goals"),
            ),
        )


class Post(ReviewedContent):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published (or scheduled, when the date is in the future)"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, blank=True, help_text="Left empty, it is made from the title.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts")
    excerpt = models.TextField(blank=True, help_text="One or two sentences for lists and feeds.")
    body = models.TextField(help_text="HTML; sanitised on every save.")
    body_html = models.TextField(editable=False, default="")
    toc = models.JSONField(editable=False, default=list)
    reading_time = models.PositiveSmallIntegerField(editable=False, default=1, help_text="Minutes.")
    featured_image = models.ForeignKey(
        "posts.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="featured_in_posts",
        help_text="Shown at the top of the post and in link previews; pick one from the media library or upload one.",
    )
    featured_image_alt = models.CharField(
        "alt text",
        max_length=250,
        blank=True,
        help_text="What the image shows, for readers who cannot see it. Left empty, the library's alt text is used.",
    )
    featured_image_caption = models.CharField(
        "caption", max_length=300, blank=True, help_text="Optional. Left empty, the library's caption is used."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="A future time schedules the post."
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="posts")
    tags = TaggableManager(blank=True)
    seo_description = models.CharField(
        "SEO description",
        max_length=300,
        blank=True,
        help_text="For search engines and link previews; about 160 characters are shown.",
    )
    comments_open = models.BooleanField(default=True)
    legacy_url = models.CharField(
        "legacy URL", max_length=300, blank=True, help_text="The post's address on the old site, if any."
    )
    topics = models.ManyToManyField(
        "posts.AnatomyTopic", blank=True, related_name="posts", verbose_name="anatomy topics"
    )
    conditions = models.ManyToManyField("posts.Condition", blank=True, related_name="posts")
    exercises = models.ManyToManyField("posts.Exercise", through="posts.PostExercise", blank=True, related_name="posts")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"], name="post_status_published")]
        permissions = [("edit_others_posts", "Can edit and delete other authors' posts")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("posts:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def state(self):
        """draft, scheduled or published, as the clinician thinks of it."""
        if self.status == self.Status.DRAFT:
            return "draft"
        return "published" if self.is_public else "scheduled"

    @property
    def description(self):
        return self.seo_description or self.excerpt

    @property
    def featured_alt(self):
        """The featured image's alt text: the post's own words, or the library's."""
        if not self.featured_image_id:
            return ""
        return self.featured_image_alt.strip() or self.featured_image.alt

    @property
    def featured_caption(self):
        if not self.featured_image_id:
            return ""
        return self.featured_image_caption.strip() or self.featured_image.caption

    @property
    def featured_image_meta(self):
        """url, width, height, alt and caption of the featured image (None without one): for feeds and SEO tags."""
        if not self.featured_image_id:
            return None
        image = self.featured_image
        return {
            "url": image.url,
            "width": image.display_width,
            "height": image.display_height,
            "alt": self.featured_alt,
            "caption": self.featured_caption,
            "type": image.mime_type,
        }

    def clean(self):
        if self.featured_image_id and not self.featured_alt.strip():
            raise ValidationError({"featured_image_alt": "Describe the image for readers who cannot see it."})
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()

    def body_transforms(self, *, mention_targets=None, media=None):
        """Changes applied to the rendered copy of the body (never to ``body``).

        Mentions of anatomy topics are linked and library images get their renditions here,
        at save, so a reader's request never pays for them; ``mention_targets`` and ``media``
        let a bulk re-render load the topics and images once.
        """
        from posts.media.rendering import MediaRenderer
        from posts.mentions import MentionLinker, load_mention_targets

        if mention_targets is None:
            mention_targets = load_mention_targets()
        return (MentionLinker(mention_targets), MediaRenderer(media=media, eager_first=not self.featured_image_id))

    def render(self):
        self.body = clean_html(self.body)
        rendered = render_body(self.body, transforms=self.body_transforms())
        self.body_html, self.toc, self.reading_time = rendered.html, rendered.toc, rendered.reading_minutes

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Post, self.title, instance_pk=self.pk)
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        self.excerpt = self.excerpt.strip()
        self.render()
        old_path = None
        if self.pk:
            old_slug = Post.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if old_slug and old_slug != self.slug:
                old_path = reverse("posts:detail", kwargs={"slug": old_slug})
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path:
                remember_moved_path(old_path, self.get_absolute_url())
