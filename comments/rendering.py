"""The comment tree as HTML, in one pass of Python instead of one template render per comment.

xtd's recursive tree tag spends most of a large thread's time in the template engine; this
builds the same markup from plain rows (``comments.threads.ROW_FIELDS``) and joins it once.
Each comment's byline and text are HTML stored when it was saved (``comments.byline``,
``comments.text``); what is added here (ids, the badge, reply and reaction controls) is
escaped with the stdlib's ``escape``, the same escaping as Django's.
"""

from html import escape

from django.forms.renderers import TemplatesSetting
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from comments.byline import BADGE, PK
from comments.models import Comment

AUTHOR_BADGE = '<span class="badge badge--author">Author</span>'
ANSWER_LABEL = (
    '<p class="comment__answer-label"><span class="comment__answer-mark" aria-hidden="true">✓</span> '
    "The clinician’s answer</p>"
)
REMOVED = (
    '<article class="comment comment--removed"><p class="comment__removed">This comment was removed.</p></article>'
)


class ThreadRenderer:
    """Renders a page of ``comments.threads.Node`` trees for one post and one reader."""

    def __init__(self, *, target, user=None, csrf_token="", can_reply=True, max_level=0, page_url=""):
        self.author_id = getattr(target, "author_id", None)
        self.user = user if user is not None and user.is_authenticated else None
        self.csrf = escape(csrf_token)
        self.can_reply = can_reply
        self.max_level = max_level
        self.page_url = escape(page_url)
        placeholder = "987654321"
        self.urls = {
            name: reverse(view, args=[placeholder]).replace(placeholder, "{}")
            for name, view in (
                ("reply", "comments-xtd-reply"),
                ("like", "comments-xtd-like"),
                ("dislike", "comments-xtd-dislike"),
                ("flag", "comments-flag"),
                ("answer", "comments:answer"),
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
            if row.state == Comment.State.REMOVED:
                parts.append(REMOVED)
            elif getattr(row, "kind", Comment.Kind.COMMENT) != Comment.Kind.COMMENT:
                parts.append(self._ping(row))
            else:
                parts.append(self._comment(row))
            if node.children:
                parts.append('<ol class="comment-list comment-list--children">')
                self._render_list(node.children, parts)
                parts.append("</ol>")
            parts.append("</li>")

    def _comment(self, row):
        pk = int(row.pk)
        name = escape(row.user_name or "Anonymous")
        is_author = bool(row.user_id) and row.user_id == self.author_id
        byline = (
            row.byline_html
            or f'<header class="comment__meta"><span class="comment__author" id="c{PK}-by">{name}</span></header>'
        )
        byline = byline.replace(PK, str(pk)).replace(BADGE, AUTHOR_BADGE if is_author else "")
        is_answer = bool(getattr(row, "answer_to_id", None))
        classes = "comment" + (" comment--by-author" if is_author else "") + (" comment--answer" if is_answer else "")
        return (
            f'<article class="{classes}" aria-labelledby="c{pk}-by">'
            f"{ANSWER_LABEL if is_answer else ''}"
            f"{byline}"
            f'<div class="comment__text">{row.comment_html}</div>'
            f'<footer class="comment__actions">{self._actions(row, pk, name)}</footer>'
            "</article>"
        )

    def _ping(self, row):
        """A pingback or trackback: its stored one-line byline and excerpt, with no reply, reaction or flag."""
        pk = int(row.pk)
        byline = (
            row.byline_html
            or f'<header class="comment__meta"><span class="comment__author" id="c{PK}-by">'
            f"{escape(row.user_name or 'Another site')}</span></header>"
        )
        excerpt = f'<div class="comment__text">{row.comment_html}</div>' if row.comment_html else ""
        return (
            f'<article class="comment comment--ping" aria-labelledby="c{pk}-by">'
            f"{byline.replace(PK, str(pk))}{excerpt}</article>"
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
                    '<span class="reactions">'
                    f'<span class="reaction"><span aria-hidden="true">▲</span> {likes}'
                    '<span class="visually-hidden"> liked</span></span>'
                    f'<span class="reaction"><span aria-hidden="true">▼</span> {dislikes}'
                    '<span class="visually-hidden"> disliked</span></span></span>'
                )
            return "".join(parts)
        parts.append('<span class="reactions">')
        parts.append(self._reaction(pk, "like", "Like", "▲", likes, row.liked_by_me))
        parts.append(self._reaction(pk, "dislike", "Dislike", "▼", dislikes, row.disliked_by_me))
        parts.append("</span>")
        if is_author_reply(row, self.user, self.author_id):
            parts.append(self._answer_form(row, pk))
        if row.flagged_by_me:
            parts.append('<span class="comment__flagged">You suggested removing this</span>')
        elif row.user_id != self.user.pk:
            parts.append(
                f'<a class="comment__flag" href="{self.urls["flag"].format(pk)}" rel="nofollow">Suggest removal'
                f'<span class="visually-hidden"> of the comment by {name}</span></a>'
            )
        return "".join(parts)

    def _answer_form(self, row, pk):
        marked = bool(getattr(row, "answer_to_id", None))
        label = "Unmark as the answer" if marked else "Mark as the answer"
        return (
            f'<form class="answer-form" method="post" action="{self.urls["answer"].format(pk)}">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{self.csrf}">'
            f'<input type="hidden" name="action" value="{"unmark" if marked else "mark"}">'
            f'<button type="submit" class="button button--quiet answer-form__button">{label}</button></form>'
        )

    def _reaction(self, pk, kind, label, glyph, count, pressed):
        return (
            f'<form class="reaction-form" method="post" action="{self.urls[kind].format(pk)}">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{self.csrf}">'
            f'<input type="hidden" name="next" value="{self.page_url}#c{pk}">'
            f'<button type="submit" class="reaction reaction--{kind}" aria-pressed="{"true" if pressed else "false"}">'
            f'<span aria-hidden="true">{glyph}</span> {label} '
            f'<span class="reaction__count">{count}</span></button></form>'
        )


def is_author_reply(row, user, author_id):
    """The post's author, reading her own post, sees "Mark as the answer" on her own replies."""
    return (
        user is not None
        and author_id is not None
        and user.pk == author_id
        and row.user_id == author_id
        and row.level > 0
        and row.state == Comment.State.APPROVED
    )


# The comment form's plain inputs, rendered by Python rather than by two nested widget templates
# each (one of the fixed costs of every post page, bench/profile-P3.txt). The markup is Django's
# own (django/forms/widgets/input.html, attrs.html, textarea.html); a test holds them equal.
PLAIN_INPUTS = {f"django/forms/widgets/{name}.html" for name in ("input", "text", "email", "url", "hidden", "checkbox")}
TEXTAREA = "django/forms/widgets/textarea.html"


def _attributes(attrs):
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class PlainInputRenderer(TemplatesSetting):
    """The project's form renderer, with plain inputs and textareas written directly."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if widget is None or widget["attrs"] is None:
            return super().render(template_name, context, request)
        if template_name in PLAIN_INPUTS:
            value = widget["value"]
            value_html = "" if value is None else f' value="{conditional_escape(value)}"'
            return (
                f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
                f"{value_html}{_attributes(widget['attrs'])}>"
            )
        if template_name == TEXTAREA:
            value = widget["value"]
            return (
                f'<textarea name="{conditional_escape(widget["name"])}"{_attributes(widget["attrs"])}>\n'
                f"{conditional_escape(value) if value else ''}</textarea>"
            )
        return super().render(template_name, context, request)
