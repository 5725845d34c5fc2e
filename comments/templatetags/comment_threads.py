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

from comments.accounts.providers import enabled_providers, icon_for
from comments.adapters import display_name
from comments.avatars import avatar_html
from comments.byline import avatar_src
from comments.conf import setting
from comments.moderation import comments_open
from comments.rendering import ThreadRenderer
from comments.text import comment_to_html
from comments.threads import Likes, comment_thread

register = template.Library()


@register.simple_tag(takes_context=True)
def get_comment_thread(context, target):
    """Counts, one page of the rendered tree, and a fresh form for ``target``.

    Two queries, for anyone (the counts with the likes and the logged-in reader's own
    bits, then the page). ``thread.approved_count`` is the "N thoughts" number.
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
    thread.me = commenter(request, viewer=thread.viewer) if logged_in else None
    return thread


@register.simple_tag(takes_context=True)
def post_likes(context, post):
    """The post's likes (count, faces, and whether this reader likes it), from the page's one stats query."""
    return get_comment_thread(context, post).likes or Likes()


@register.simple_tag(takes_context=True)
def commenter_identity(context):
    """Who the logged-in reader comments as, on pages without a thread (reply, preview)."""
    return commenter(context.get("request"))


@register.simple_tag(takes_context=True)
def social_providers(context):
    """The providers the operator switched on (cached: no query on a post page)."""
    return enabled_providers(context.get("request"))


@register.filter
def provider_icon(provider_id):
    """The local SVG drawn for a provider (static path)."""
    return icon_for(provider_id)


@register.simple_tag
def comment_setting(name):
    return setting(name)


# The session key where comments.signals notes the provider a reader logged in with.
LOGIN_PROVIDER_SESSION_KEY = "comments_login_provider"


def commenter(request, *, viewer=None):
    """Who a logged-in reader comments as: name, picture, verified address, and the provider they used.

    ``viewer`` comes with the page's stats query; without it (reply and preview pages) one
    query fetches the same.
    """
    user = request.user
    if viewer is None:
        from allauth.account.models import EmailAddress

        from comments.models import ReaderAvatar
        from comments.threads import Viewer

        verified = (
            EmailAddress.objects.filter(user_id=user.pk, verified=True)
            .order_by("-primary", "pk")
            .values_list("email", flat=True)
            .first()
        )
        image = ReaderAvatar.objects.filter(user_id=user.pk).values_list("image", flat=True).first()
        viewer = Viewer(verified_email=verified or "", avatar_image=image or "")
    if not viewer.verified_email and user.is_staff:
        viewer.verified_email = user.email  # an administrator vouches for staff addresses
    return {
        "name": display_name(user),
        "avatar": mark_safe(  # noqa: S308 - avatar_html escapes every value
            avatar_html(
                src=avatar_src(avatar_image=viewer.avatar_image, email=user.email, name=user.get_username()),
                name=display_name(user),
                seed=user.email or user.get_username(),
            )
        ),
        "provider": request.session.get(LOGIN_PROVIDER_SESSION_KEY, ""),
        "verified_email": viewer.verified_email,
        # An address the account gave but never confirmed: offered in the form, confirmed by the comment.
        "unverified_email": "" if viewer.verified_email else user.email,
    }


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
    """The commenter's picture element (their image, or their initials on a calm colour)."""
    src = avatar_src(email=comment.user_email, name=comment.user_name)
    return mark_safe(avatar_html(src=src, name=comment.user_name, seed=comment.user_email or comment.user_name))  # noqa: S308


@register.simple_tag
def like_face(face):
    """A liker's picture, stored by ``likes_summarise`` from ``avatar_html`` (which escapes every value).

    Summaries written before initials avatars hold an image address instead, until refreshed.
    """
    picture = face.get("picture") or avatar_html(src=face.get("avatar", ""), name=face.get("name", ""), lazy=True)
    return mark_safe(picture)  # noqa: S308


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
