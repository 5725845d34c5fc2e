"""``{% load comment_threads %}``: a post's comment section, the form's helpers, and mail links.

(Not ``comments``: django_comments owns ``{% load comments %}``.)
"""

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django_comments_xtd import get_form

from comments.avatars import avatar_url
from comments.conf import setting
from comments.moderation import comments_open
from comments.rendering import ThreadRenderer
from comments.text import comment_to_html
from comments.threads import comment_thread

register = template.Library()


@register.simple_tag(takes_context=True)
def get_comment_thread(context, target):
    """Counts, one page of the rendered tree, and a fresh form for ``target``.

    Two queries for an anonymous reader (counts, the page); one more for a logged-in
    reader's own avatar. ``thread.approved_count`` is the "N thoughts" number.
    """
    request = context.get("request")
    # Memoised per request, so that the head (structured data's commentCount) and the comment
    # section can both ask for it at the cost of one.
    memo = getattr(request, "_comment_threads", None) if request is not None else None
    if memo is None:
        memo = {}
        if request is not None:
            request._comment_threads = memo
    key = (target._meta.label, target.pk)
    if key not in memo:
        memo[key] = _comment_thread(request, target)
    return memo[key]


def _comment_thread(request, target):
    user = getattr(request, "user", None)
    page = request.GET.get("cpage") if request is not None else None
    thread = comment_thread(target, page=page, user=user)
    thread.is_open = comments_open(target)
    base_url = target.get_absolute_url()
    thread.page_url = base_url if thread.page_number == 1 else f"{base_url}?cpage={thread.page_number}"
    thread.base_url = base_url
    logged_in = user is not None and user.is_authenticated
    renderer = ThreadRenderer(
        target=target,
        user=user,
        csrf_token=get_token(request) if logged_in and request is not None else "",
        can_reply=thread.is_open,
        max_level=thread.max_level,
        page_url=thread.page_url,
    )
    thread.html = renderer.render(thread.roots)
    thread.form = get_form()(target) if thread.is_open else None
    thread.me = commenter(user) if logged_in else None
    return thread


@register.simple_tag
def commenter_identity(user):
    return commenter(user)


@register.simple_tag
def comment_setting(name):
    return setting(name)


def commenter(user):
    """Who a logged-in reader comments as: name, picture and the social account it came from."""
    from comments.models import ReaderAvatar

    avatar = ReaderAvatar.objects.filter(user=user).first()
    user._state.fields_cache["reader_avatar"] = avatar
    return {
        "name": user.get_full_name() or user.get_username(),
        "avatar": avatar_url(user=user),
        "provider": provider_name(avatar.provider) if avatar and avatar.provider else "",
        "has_email": bool(user.email),
    }


PROVIDER_NAMES = {"twitter_oauth2": "X", "twitter": "X", "openid_connect": "OpenID", "wordpress": "WordPress.com"}


def provider_name(provider_id):
    """How readers know a provider: "X", "Google", "WordPress.com"."""
    if provider_id in PROVIDER_NAMES:
        return PROVIDER_NAMES[provider_id]
    from allauth.socialaccount import providers

    try:
        return providers.registry.get_class(provider_id).name
    except (AttributeError, LookupError):
        return provider_id.replace("_", " ").title()


@register.filter
def comment_html(text):
    """A comment's text as readers will see it (for the preview)."""
    return mark_safe(comment_to_html(text))  # noqa: S308 - escaped, linkified and sanitised


@register.simple_tag
def site_url():
    """The site's absolute address (SITE_URL) for links in emails."""
    return settings.SITE_URL


@register.simple_tag
def commenter_avatar(comment):
    return avatar_url(user=None, email=comment.user_email, name=comment.user_name)


@register.simple_tag
def comments_feed_link(post):
    """``<link rel="alternate">`` to the post's comments feed (published posts only)."""
    if not getattr(post, "is_public", False):
        return ""
    return format_html(
        '<link rel="alternate" type="application/rss+xml" title="{}" href="{}">',
        f"Comments on “{post.title}” (RSS)",
        reverse("comments:post_feed", kwargs={"slug": post.slug}),
    )
