"""The comment tree as HTML, in one pass of Python instead of one template render per comment.

xtd's recursive tree tag spends most of a large thread's time in the template engine; this
builds the same markup with ``format_html`` (every value escaped) and joins it once. The
comment text itself is ``comment_html``, computed and sanitised when the comment was saved.
"""

from django.urls import reverse
from django.utils import dateformat
from django.utils.html import format_html, mark_safe
from django.utils.timezone import localtime

from comments.avatars import avatar_url
from comments.models import Comment

DATE_FORMAT = r"j F Y \a\t H:i"


def display_name(comment):
    if comment.user_id and comment.user is not None:
        user = comment.user
        return user.get_full_name() or comment.user_name or user.get_username()
    return comment.user_name or "Anonymous"


class ThreadRenderer:
    """Renders a page of ``comments.threads.Node`` trees for one post and one reader."""

    def __init__(self, *, target, user=None, csrf_token="", can_reply=True, max_level=0, page_url=""):
        self.target = target
        self.author_id = getattr(target, "author_id", None)
        self.user = user if user is not None and user.is_authenticated else None
        self.csrf_token = csrf_token
        self.can_reply = can_reply
        self.max_level = max_level
        self.page_url = page_url
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
        return mark_safe("".join(parts))  # every piece below went through format_html

    def _render_list(self, nodes, parts):
        for node in nodes:
            comment = node.comment
            parts.append(
                format_html('<li class="comment-item comment-item--level-{}" id="c{}">', comment.level, comment.pk)
            )
            if comment.state == Comment.State.REMOVED:
                parts.append(self._removed(comment))
            else:
                parts.append(self._comment(comment))
            if node.children:
                parts.append('<ol class="comment-list comment-list--children">')
                self._render_list(node.children, parts)
                parts.append("</ol>")
            parts.append("</li>")

    REMOVED = mark_safe(
        '<article class="comment comment--removed"><p class="comment__removed">This comment was removed.</p></article>'
    )

    def _removed(self, comment):
        return self.REMOVED

    def _comment(self, comment):
        name = display_name(comment)
        is_author = bool(comment.user_id) and comment.user_id == self.author_id
        if comment.user_url:
            who = format_html('<a href="{}" rel="nofollow ugc noopener noreferrer">{}</a>', comment.user_url, name)
        else:
            who = name
        badge = mark_safe('<span class="badge badge--author">Author</span>') if is_author else ""
        when = localtime(comment.submit_date)
        edited = mark_safe(' <span class="comment__edited">(edited)</span>') if comment.edited_at else ""
        return format_html(
            '<article class="comment{}" aria-labelledby="c{}-by">'
            '<header class="comment__meta">'
            '<img class="comment__avatar" src="{}" alt="" width="48" height="48" loading="lazy" decoding="async">'
            '<p class="comment__byline"><span class="comment__author" id="c{}-by">{}</span>{} '
            '<a class="comment__date" href="#c{}"><time datetime="{}">{}</time>'
            '<span class="visually-hidden"> (link to this comment)</span></a>{}</p>'
            "</header>"
            '<div class="comment__text">{}</div>'
            '<footer class="comment__actions">{}</footer>'
            "</article>",
            " comment--by-author" if is_author else "",
            comment.pk,
            avatar_url(user=comment.user if comment.user_id else None, email=comment.user_email, name=name),
            comment.pk,
            who,
            badge,
            comment.pk,
            when.isoformat(),
            dateformat.format(when, DATE_FORMAT),
            edited,
            mark_safe(comment.comment_html),  # noqa: S308 - escaped, linkified and sanitised by nh3 at save
            self._actions(comment, name),
        )

    def _actions(self, comment, name):
        parts = []
        if self.can_reply and comment.level < self.max_level:
            parts.append(
                format_html(
                    '<a class="comment__reply" href="{}" rel="nofollow" data-reply-to="{}" data-reply-name="{}">'
                    'Reply<span class="visually-hidden"> to {}</span></a>',
                    self.urls["reply"].format(comment.pk),
                    comment.pk,
                    name,
                    name,
                )
            )
        likes, dislikes = getattr(comment, "likes", 0), getattr(comment, "dislikes", 0)
        if self.user is None:
            if likes or dislikes:
                parts.append(
                    format_html(
                        '<span class="reactions" aria-label="{} liked, {} disliked">'
                        '<span class="reaction"><span aria-hidden="true">▲</span> {}</span>'
                        '<span class="reaction"><span aria-hidden="true">▼</span> {}</span></span>',
                        likes,
                        dislikes,
                        likes,
                        dislikes,
                    )
                )
        else:
            parts.append('<span class="reactions">')
            parts.append(self._reaction(comment, "like", "Like", likes, getattr(comment, "liked_by_me", False)))
            parts.append(
                self._reaction(comment, "dislike", "Dislike", dislikes, getattr(comment, "disliked_by_me", False))
            )
            parts.append("</span>")
            if getattr(comment, "flagged_by_me", False):
                parts.append('<span class="comment__flagged">You suggested removing this</span>')
            elif comment.user_id != self.user.pk:
                parts.append(
                    format_html(
                        '<a class="comment__flag" href="{}" rel="nofollow">Suggest removal'
                        '<span class="visually-hidden"> of the comment by {}</span></a>',
                        self.urls["flag"].format(comment.pk),
                        name,
                    )
                )
        return mark_safe("".join(str(part) for part in parts))

    def _reaction(self, comment, kind, label, count, pressed):
        glyph = "▲" if kind == "like" else "▼"
        return format_html(
            '<form class="reaction-form" method="post" action="{}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="next" value="{}#c{}">'
            '<button type="submit" class="reaction reaction--{}" aria-pressed="{}">'
            '<span aria-hidden="true">{}</span> {} <span class="reaction__count">{}</span></button></form>',
            self.urls[kind].format(comment.pk),
            self.csrf_token,
            self.page_url,
            comment.pk,
            kind,
            "true" if pressed else "false",
            glyph,
            label,
            count,
        )
