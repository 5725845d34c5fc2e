"""A comment's byline (avatar, name, date), rendered once when the comment is saved.

Like the comment text, the byline is HTML computed at save time, so that a page with hundreds
of comments only joins stored strings. Two markers are filled in per page: the comment's id
(for its permalink) and the author badge (the post's author may change). Every value from a
reader is escaped here; an escaped value can never contain the markers, which start with "<".

The byline is rendered again when the commenter's avatar changes (``comments.signals``) and
by ``manage.py rerender_comments`` after a change of ``COMMENTS_GRAVATAR`` or ``TIME_ZONE``.
"""

import calendar
from html import escape

from django.core.files.storage import default_storage
from django.utils import timezone

from comments.avatars import avatar_html, gravatar_url
from comments.conf import setting

PK = "<!--pk-->"
BADGE = "<!--badge-->"
MONTHS = list(calendar.month_name)


def avatar_src(*, avatar_image="", email="", name=""):
    """The commenter's image URL (copied picture, or Gravatar if the operator turned it on), else ""."""
    if avatar_image:
        return default_storage.url(avatar_image)
    if email and setting("COMMENTS_GRAVATAR"):
        return gravatar_url(email)
    return ""


def byline_html(*, user_name, user_url, user_email, submit_date, edited_at=None, avatar_image=""):
    name = escape(user_name or "Anonymous")
    who = f'<a href="{escape(user_url)}" rel="nofollow ugc noopener noreferrer">{name}</a>' if user_url else name
    edited = ' <span class="comment__edited">(edited)</span>' if edited_at else ""
    src = avatar_src(avatar_image=avatar_image, email=user_email, name=user_name)
    avatar = avatar_html(src=src, name=user_name or "Anonymous", seed=user_email or user_name, lazy=True)
    return (
        '<header class="comment__meta">'
        f"{avatar}"
        f'<p class="comment__byline"><span class="comment__author" id="c{PK}-by">{who}</span>{BADGE} '
        f"{_date_link(submit_date, 'comment')}{edited}</p>"
        "</header>"
    )


def ping_byline_html(*, kind_label, site_name, url, submit_date):
    """A pingback's or trackback's one line: "Pingback: <the linking site>" and the date, no avatar."""
    name = escape(site_name or "Another site")
    who = f'<a href="{escape(url)}" rel="nofollow ugc noopener noreferrer">{name}</a>' if url else name
    return (
        '<header class="comment__meta comment__meta--ping">'
        f'<p class="comment__byline"><span class="comment__author" id="c{PK}-by">'
        f'<span class="comment__kind">{escape(kind_label)}:</span> {who}</span> '
        f"{_date_link(submit_date, 'mention')}</p>"
        "</header>"
    )


def _date_link(submit_date, what):
    when = timezone.localtime(submit_date) if timezone.is_aware(submit_date) else submit_date
    return (
        f'<a class="comment__date" href="#c{PK}"><time datetime="{when.replace(microsecond=0).isoformat()}">'
        f"{when.day} {MONTHS[when.month]} {when.year} at {when:%H:%M}</time>"
        f'<span class="visually-hidden"> (link to this {what})</span></a>'
    )
