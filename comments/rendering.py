"""The comment tree as HTML, in one pass of Python instead of one template render per comment.

xtd's recursive tree tag spends most of a large thread's time in the template engine; this
builds the same markup from plain rows (``comments.threads.ROW_FIELDS``) with f-strings in
which every value from a reader goes through ``escape`` (the stdlib's, the same escaping as
Django's), and joins it once. The comment text is ``comment_html``: escaped, linkified and
sanitised by nh3 when the comment was saved.
"""

import calendar
from html import escape

from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from comments.avatars import gravatar_url, identicon_url
from comments.conf import setting
from comments.models import Comment

MONTHS = list(calendar.month_name)
AUTHOR_BADGE = '<span class="badge badge--author">Author</span>'
EDITED = ' <span class="comment__edited">(edited)</span>'
REMOVED = (
    '<article class="comment comment--removed"><p class="comment__removed">This comment was removed.</p></article>'
)


def row_avatar(row, name, gravatar):
    if row.avatar_image:
        return default_storage.url(row.avatar_image)
    if row.user_email and gravatar:
        return gravatar_url(row.user_email)
    return identicon_url(row.user_email or name)


class ThreadRenderer:
    """Renders a page of ``comments.threads.Node`` trees for one post and one reader."""

    def __init__(self, *, target, user=None, csrf_token="", can_reply=True, max_level=0, page_url=""):
        self.author_id = getattr(target, "author_id", None)
        self.user = user if user is not None and user.is_authenticated else None
        self.csrf = escape(csrf_token)
        self.can_reply = can_reply
        self.max_level = max_level
        self.page_url = escape(page_url)
        self.gravatar = setting("COMMENTS_GRAVATAR")
        self.zone = timezone.get_current_timezone() if settings.USE_TZ else None
        placeholder = "987654321"
        self.urls = {
            name: reverse(view, args=[placeholder]).replace(placeholder, "{}")
            for name, view in (
                ("reply", "comments-xtd-reply"),
                ("like", "comments-xtd-like"),
                ("dislike", "comments-xtd-dislike"),
                ("flag", "comments-flag"),
            )
        }

    def render(self, roots):
        parts = []
        self._render_list(roots, parts)
        return mark_safe("".join(parts))  # noqa: S308 - every reader-supplied value below is escaped

    def _render_list(self, nodes, parts):
        for node in nodes:
            row = node.comment
            parts.append(f'<li class="comment-item comment-item--level-{int(row.level)}" id="c{int(row.pk)}">')
            parts.append(REMOVED if row.state == Comment.State.REMOVED else self._comment(row))
            if node.children:
                parts.append('<ol class="comment-list comment-list--children">')
                self._render_list(node.children, parts)
                parts.append("</ol>")
            parts.append("</li>")

    def _comment(self, row):
        pk = int(row.pk)
        plain_name = row.user_name or "Anonymous"
        name = escape(plain_name)
        is_author = bool(row.user_id) and row.user_id == self.author_id
        who = (
            f'<a href="{escape(row.user_url)}" rel="nofollow ugc noopener noreferrer">{name}</a>'
            if row.user_url
            else name
        )
        when = row.submit_date.astimezone(self.zone) if self.zone else row.submit_date
        return (
            f'<article class="comment{" comment--by-author" if is_author else ""}" aria-labelledby="c{pk}-by">'
            '<header class="comment__meta">'
            f'<img class="comment__avatar" src="{escape(row_avatar(row, plain_name, self.gravatar))}" alt="" '
            'width="48" height="48" loading="lazy" decoding="async">'
            f'<p class="comment__byline"><span class="comment__author" id="c{pk}-by">{who}</span>'
            f"{AUTHOR_BADGE if is_author else ''} "
            f'<a class="comment__date" href="#c{pk}"><time datetime="{when.isoformat()}">'
            f"{when.day} {MONTHS[when.month]} {when.year} at {when:%H:%M}</time>"
            '<span class="visually-hidden"> (link to this comment)</span></a>'
            f"{EDITED if row.edited_at else ''}</p>"
            "</header>"
            f'<div class="comment__text">{row.comment_html}</div>'
            f'<footer class="comment__actions">{self._actions(row, pk, name)}</footer>'
            "</article>"
        )

    def _actions(self, row, pk, name):
        parts = []
        if self.can_reply and row.level < self.max_level:
            parts.append(
                f'<a class="comment__reply" href="{self.urls["reply"].format(pk)}" rel="nofollow" '
                f'data-reply-to="{pk}" data-reply-name="{name}">'
                f'Reply<span class="visually-hidden"> to {name}</span></a>'
            )
        likes, dislikes = int(row.likes), int(row.dislikes)
        if self.user is None:
            if likes or dislikes:
                parts.append(
                    f'<span class="reactions" aria-label="{likes} liked, {dislikes} disliked">'
                    f'<span class="reaction"><span aria-hidden="true">▲</span> {likes}</span>'
                    f'<span class="reaction"><span aria-hidden="true">▼</span> {dislikes}</span></span>'
                )
            return "".join(parts)
        parts.append('<span class="reactions">')
        parts.append(self._reaction(pk, "like", "Like", "▲", likes, row.liked_by_me))
        parts.append(self._reaction(pk, "dislike", "Dislike", "▼", dislikes, row.disliked_by_me))
        parts.append("</span>")
        if row.flagged_by_me:
            parts.append('<span class="comment__flagged">You suggested removing this</span>')
        elif row.user_id != self.user.pk:
            parts.append(
                f'<a class="comment__flag" href="{self.urls["flag"].format(pk)}" rel="nofollow">Suggest removal'
                f'<span class="visually-hidden"> of the comment by {name}</span></a>'
            )
        return "".join(parts)

    def _reaction(self, pk, kind, label, glyph, count, pressed):
        return (
            f'<form class="reaction-form" method="post" action="{self.urls[kind].format(pk)}">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{self.csrf}">'
            f'<input type="hidden" name="next" value="{self.page_url}#c{pk}">'
            f'<button type="submit" class="reaction reaction--{kind}" aria-pressed="{"true" if pressed else "false"}">'
            f'<span aria-hidden="true">{glyph}</span> {label} '
            f'<span class="reaction__count">{count}</span></button></form>'
        )
