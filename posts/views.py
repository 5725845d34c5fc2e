import calendar
import datetime

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from .models import AuthorProfile, Category, Page, Post
from .related import related_reading


class PostListView(ListView):
    """The home page: the latest published posts."""

    template_name = "posts/post_list.html"
    context_object_name = "posts"
    paginate_by = settings.POSTS_PER_PAGE
    heading = ""

    def get_queryset(self):
        return Post.objects.published().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(heading=self.heading, **kwargs)
        if self.heading:
            context.setdefault(
                "meta_description",
                f"{self.heading}: plain-language notes on anatomy, injuries and exercise from {settings.SITE_NAME}.",
            )
        return context


class TagPostListView(PostListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        self.heading = f"Posts tagged “{self.tag.name}”"
        return super().get_queryset().filter(tags__slug=self.tag.slug).distinct()

    def get_context_data(self, **kwargs):
        feed = (reverse("posts:tag_feed", kwargs={"slug": self.tag.slug}), f"Posts tagged “{self.tag.name}” (RSS)")
        return super().get_context_data(feed=feed, **kwargs)


class CategoryPostListView(PostListView):
    """A category's posts, with those of its subcategories (as WordPress lists them), each once."""

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        self.tree = Category.objects.tree()
        self.heading = self.category.name
        return super().get_queryset().in_category(self.category, tree=self.tree)

    def get_context_data(self, **kwargs):
        feed = (reverse("posts:category_feed", kwargs={"slug": self.category.slug}), f"{self.category.name} (RSS)")
        context = super().get_context_data(
            intro=self.category.description,
            feed=feed,
            category=self.category,
            category_ancestors=self.tree.ancestors(self.category.pk),
            subcategories=self.tree.children(self.category.pk),
            **kwargs,
        )
        if self.category.description:
            context["meta_description"] = self.category.description
        return context


class MonthPostListView(PostListView):
    def get_queryset(self):
        year, month = self.kwargs["year"], self.kwargs["month"]
        if not (1 <= month <= 12 and 1 <= year <= 9998):
            raise Http404("No such month.")
        tz = timezone.get_current_timezone()
        start = datetime.datetime(year, month, 1, tzinfo=tz)
        end = start + datetime.timedelta(days=calendar.monthrange(year, month)[1])
        self.heading = f"Posts from {calendar.month_name[month]} {year}"
        return super().get_queryset().filter(published_at__gte=start, published_at__lt=end)


class AuthorDetailView(PostListView):
    template_name = "posts/author_detail.html"

    def get_queryset(self):
        self.profile = get_object_or_404(
            AuthorProfile.objects.select_related("user", "photo"), slug=self.kwargs["slug"]
        )
        return super().get_queryset().filter(author=self.profile.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.profile, **kwargs)


class PostDetailView(DetailView):
    template_name = "posts/post_detail.html"
    context_object_name = "post"

    def get_queryset(self):
        return (
            Post.objects.visible_to(self.request.user)
            .select_related("author__author_profile__photo", "reviewed_by", "featured_image")
            .prefetch_related("categories", "tags", "references")
            .with_library()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            toc_min_headings=settings.POSTS_TOC_MIN_HEADINGS,
            related_posts=SimpleLazyObject(lambda: related_reading(self.object)),
            **kwargs,
        )


class PageDetailView(DetailView):
    template_name = "posts/page_detail.html"
    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.published()
