"""One guard for every comment route, ours and django-comments-xtd's: a route never answers about a
comment (or a post's comments) whose post this user may not see — a draft, a scheduled post, or one
that was published and then withdrawn. Staff who can see the post (``Post.objects.visible_to``) pass.

``guard_patterns`` wraps each view of a URL list (recursing into includes), so a route added to
``comments/urls.py`` — or one a new xtd version adds — is guarded without anyone remembering to.
The guard finds the post from what the route carries:

- a comment id: ``comment_id`` / ``cid`` keyword, a single positional number (xtd's flag and like
  routes), or ``?c=N`` (the "sent", "posted", "flagged", "liked", "approved"… done pages; "sent"
  may carry a signed post reference instead);
- ``cr/<content type>/<object>/`` (django_comments' redirect): that object;
- ``post_id`` or ``slug`` (post likes, the comments feed): that post;
- ``key`` (confirmation and mute links): the post signed into the link, when the key is one.

Routes that carry none of these (the comment form's POST, a reader's own pages) pass through;
``guard_exempt`` marks the one view that must answer whatever the post's state (a reader deleting
their own comment). Routes with DRF's ``.json`` suffix (xtd adds them to every page) are 404s.
"""

from functools import wraps

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.http import Http404
from django.urls import URLPattern, URLResolver
from django_comments_xtd import signed as xtd_signed
from django_comments_xtd.conf import settings as xtd_settings

from posts.models import Post

from .models import Comment

NOT_FOUND = "No such page."


def target_visible(target, user):
    """Whether ``user`` may see the object a comment is attached to."""
    if target is None:
        return False
    manager = type(target)._default_manager
    if hasattr(manager, "visible_to"):
        return manager.visible_to(user).filter(pk=target.pk).exists()
    return bool(getattr(target, "is_public", True))


def _number(value):
    value = str(value)
    if not value.isdigit() or len(value) > 18:
        raise Http404(NOT_FOUND)
    return int(value)


def _comment_target(comment_id):
    comment = (
        Comment.objects.select_related(None).filter(pk=_number(comment_id)).only("content_type", "object_pk").first()
    )
    if comment is None:
        raise Http404(NOT_FOUND)
    return comment.content_object


def _done_page_target(value):
    """``?c=`` on the done pages: a comment id, or (xtd's "sent" page, before a comment is confirmed)
    a signed ``app.model:pk`` naming the post."""
    if str(value).isdigit():
        return _comment_target(value)
    try:
        app_model, object_pk = signing.loads(str(value)).split(":")
        model = apps.get_model(*app_model.split(".", 1))
    except Exception:  # not signed by us or malformed: nothing to show
        raise Http404(NOT_FOUND) from None
    return model._default_manager.filter(pk=_number(object_pk)).first()


def _key_target(key):
    try:
        data = xtd_signed.loads(str(key), extra_key=xtd_settings.COMMENTS_XTD_SALT)
    except Exception:  # not a signed comment key (an identicon's hash), a broken one, or a deleted post
        return None, False  # the view answers with its own "bad link" page
    return getattr(data, "content_object", None), True


def targets_of(request, args, kwargs):
    """The objects this request is about (several when a route carries more than one reference)."""
    found = []
    if "c" in request.GET:
        found.append(_done_page_target(request.GET["c"]))
    for name in ("comment_id", "cid"):
        if name in kwargs:
            found.append(_comment_target(kwargs[name]))
    if len(args) == 1:
        found.append(_comment_target(args[0]))
    elif len(args) == 2:  # cr/<content type id>/<object pk>/
        content_type = ContentType.objects.filter(pk=_number(args[0])).first()
        model = content_type.model_class() if content_type else None
        found.append(model._default_manager.filter(pk=_number(args[1])).first() if model else None)
    if "post_id" in kwargs:
        found.append(Post.objects.filter(pk=_number(kwargs["post_id"])).first())
    if "slug" in kwargs:
        found.append(Post.objects.filter(slug=kwargs["slug"]).first())
    if "content_type" in kwargs and "object_pk" in kwargs:  # xtd's API lists ("posts-post/12/")
        app_label, _, model = str(kwargs["content_type"]).partition("-")
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        model = content_type.model_class() if content_type else None
        found.append(model._default_manager.filter(pk=_number(kwargs["object_pk"])).first() if model else None)
    if "key" in kwargs:
        target, signed = _key_target(kwargs["key"])
        if signed:
            found.append(target)
    return found


def guard_exempt(view):
    """Marks a view that must answer whatever the post's state (a reader deleting their own comment)."""
    view.comment_route_guard_exempt = True
    return view


def comment_route_guard(view):
    if getattr(view, "comment_route_guard", False) or getattr(view, "comment_route_guard_exempt", False):
        return view

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if "format" in kwargs:
            # django-rest-framework's suffix routes (``sent.json``) that xtd adds to every view: only its
            # API (switched off) takes them; the pages would fail on the unexpected argument.
            raise Http404(NOT_FOUND)
        for target in targets_of(request, args, kwargs):
            if not target_visible(target, request.user):
                raise Http404(NOT_FOUND)
        return view(request, *args, **kwargs)

    guarded.comment_route_guard = True
    return guarded


def guard_patterns(patterns):
    """A copy of ``patterns`` with every view wrapped in ``comment_route_guard``."""
    guarded = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            guarded.append(
                URLResolver(
                    entry.pattern,
                    guard_patterns(entry.url_patterns),
                    entry.default_kwargs,
                    entry.app_name,
                    entry.namespace,
                )
            )
        else:
            view = comment_route_guard(entry.callback)
            guarded.append(URLPattern(entry.pattern, view, entry.default_args, entry.name))
    return guarded
