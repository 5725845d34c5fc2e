"""A post's comments as RSS: approved comments only, newest first, at /comments/feed/<post slug>/."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse

from posts.models import Post

from .models import Comment

FEED_LENGTH = 50


class PostCommentsFeed(Feed):
    def get_object(self, request, slug):
        return get_object_or_404(Post.objects.published(), slug=slug)

    def title(self, post):
        return f"Comments on “{post.title}”"

    def link(self, post):
        return post.get_absolute_url() + "#comments"

    def description(self, post):
        return f"Readers’ comments on “{post.title}”, newest first."

    def items(self, post):
        return Comment.objects.for_object(post).approved().order_by("-submit_date", "-pk")[:FEED_LENGTH]

    def item_title(self, comment):
        if comment.is_ping:
            return f"{comment.get_kind_display()} from {comment.user_name or 'another site'}"
        return f"{comment.user_name or 'A reader'} wrote"

    def item_description(self, comment):
        # Made at save: the text escaped, its addresses linked (absolute, as written), line breaks kept.
        return comment.comment_html

    def item_link(self, comment):
        # A stable permalink that finds the comment's page however the thread grows.
        return reverse("comments:in_context", kwargs={"comment_id": comment.pk})

    def item_pubdate(self, comment):
        return comment.submit_date

    def item_updateddate(self, comment):
        return comment.edited_at or comment.submit_date

    def item_author_name(self, comment):
        return comment.user_name or "A reader"
