"""WordPress comments into our threads, during ``manage.py import_wordpress``.

posts.wordpress sends ``comments_found`` for each imported post with its comments; this module
writes them as ``Comment`` rows: author details, date, text, state (1 → approved, 0 → pending,
spam → spam, trash → removed), threading from ``comment_parent`` and the link to an imported
author's account (so her replies carry the Author badge). A reply deeper than our
``COMMENTS_XTD_MAX_THREAD_LEVEL`` joins its deepest allowed ancestor, as our own replies do.
Pingbacks and trackbacks are kept as such (``Comment.kind``), top level, with the linking site's
title as the name, its address and the excerpt WordPress stored, so the approved count here
equals WordPress's. The IP address is kept only while our retention period
(``COMMENTS_IP_RETENTION_DAYS``) would still keep it.
"""

import datetime
import html
import ipaddress
import re

from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.dispatch import receiver
from django.utils import timezone
from django.utils.html import strip_tags
from django_comments_xtd.models import max_thread_level_for_content_type

from comments.conf import setting
from comments.models import Comment
from posts.models import Post
from posts.wordpress.models import ImportedItem
from posts.wordpress.run import aware
from posts.wordpress.signals import comments_found

STATES = {
    "1": Comment.State.APPROVED,
    "0": Comment.State.PENDING,
    "spam": Comment.State.SPAM,
    "trash": Comment.State.REMOVED,
    "post-trashed": Comment.State.REMOVED,
}
PING_KINDS = {"pingback": Comment.Kind.PINGBACK, "trackback": Comment.Kind.TRACKBACK}
# Checked by us; the rest of full_clean is the model's own rules.
CLEAN_EXCLUDE = ["comment", "user_email", "user_url", "ip_address", "thread_id", "order", "level", "parent_id"]
# Rows the import just loaded: checking that they exist would cost two queries per comment.
CLEAN_EXCLUDE += ["content_type", "site", "user"]


def comment_text(wordpress_html):
    """WordPress stores comments as light HTML; ours are plain text (rendered safely on save)."""
    text = re.sub(r"<br\s*/?>", "\n", wordpress_html or "", flags=re.I)
    text = re.sub(r"</p>\s*<p[^>]*>", "\n\n", text, flags=re.I)
    return html.unescape(strip_tags(text)).strip()


def _valid_email(value):
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value[:254]


def _valid_url(value):
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return ""
    return value if len(value) <= 200 else ""


def _valid_ip(value):
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


@receiver(comments_found, dispatch_uid="comments.import_wordpress_comments")
def import_wordpress_comments(sender, target, comments, run, **kwargs):
    report = run.report
    if not isinstance(target, Post):
        report.count("comments", "skipped", len(comments))
        report.notes["comments on pages (pages take no comments here; skipped)"] += len(comments)
        return
    content_type = ContentType.objects.get_for_model(Post)
    site = Site.objects.get_current()
    max_level = max_thread_level_for_content_type(content_type)
    ip_cutoff = timezone.now() - datetime.timedelta(days=setting("COMMENTS_IP_RETENTION_DAYS"))

    known = {c.wp_id: run.record_of(ImportedItem.Kind.COMMENT, c.wp_id) for c in comments}
    existing = (
        Comment.objects.select_related(None)
        .only("pk", "level", "parent_id", "kind")
        .in_bulk([record.object_id for record in known.values() if record])
    )
    by_wp_id = {wp_id: existing[r.object_id] for wp_id, r in known.items() if r and r.object_id in existing}
    by_pk = {c.pk: c for c in by_wp_id.values()}
    in_export = {c.wp_id for c in comments}

    pending = []
    for item in comments:
        if not item.wp_id:
            report.count("comments", "skipped")
            report.notes["comments without wp:comment_id (skipped)"] += 1
        elif item.wp_id in by_wp_id:
            report.count("comments", "unchanged")
        elif item.approved not in STATES:
            report.count("comments", "skipped")
            report.notes[f"comments with WordPress status “{item.approved}” (skipped)"] += 1
        else:
            pending.append(item)

    # Parents first, whatever order the export lists them in.
    for item in pending:
        if item.type in PING_KINDS:  # never a reply, whatever comment_parent says
            item.parent = 0
    while pending:
        ready = [c for c in pending if not c.parent or c.parent in by_wp_id or c.parent not in in_export]
        if not ready:  # a loop in comment_parent: the rest start their own conversations
            ready = pending[:1]
            ready[0].parent = 0
        for item in ready:
            pending.remove(item)
            parent = by_wp_id.get(item.parent)
            if item.parent and parent is None:
                report.notes["replies whose parent is not in the export (made top-level)"] += 1
            if parent is not None and parent.is_ping:
                report.notes["replies to a pingback or trackback (made top-level)"] += 1
                parent = None
            if parent is not None and parent.level >= max_level:
                report.notes[f"replies deeper than {max_level + 1} levels (joined their deepest allowed ancestor)"] += 1
            while parent is not None and parent.level >= max_level and parent.parent_id != parent.pk:
                parent = by_pk.get(parent.parent_id) or Comment.objects.select_related(None).only(
                    "pk", "level", "parent_id"
                ).get(pk=parent.parent_id)
            comment = _build(item, target, content_type, site, parent, run, ip_cutoff)
            try:
                comment.full_clean(exclude=CLEAN_EXCLUDE, validate_unique=False)
            except ValidationError as exc:
                report.count("comments", "skipped")
                report.warn(f"Comment {item.wp_id} on post {target.pk}: not imported ({'; '.join(exc.messages)}).")
                continue
            comment.save()
            report.count("comments", "created")
            if comment.is_ping:
                report.notes["pingbacks and trackbacks (kept as such)"] += 1
            run.remember(ImportedItem.Kind.COMMENT, item.wp_id, comment)
            by_wp_id[item.wp_id] = by_pk[comment.pk] = comment


def _build(item, post, content_type, site, parent, run, ip_cutoff):
    submitted = aware(item.date_gmt, item.date) or post.published_at or timezone.now()
    state = STATES[item.approved]
    kind = PING_KINDS.get(item.type, Comment.Kind.COMMENT)
    ping = kind != Comment.Kind.COMMENT
    user = run.users_by_wp_id.get(item.user_id) if item.user_id and not ping else None
    email = _valid_email(item.email) if item.email and not ping else ""
    if item.email and not email and not ping:
        run.report.notes["commenters' email addresses that were not valid (left empty)"] += 1
    ip = _valid_ip(item.ip) if item.ip and submitted >= ip_cutoff else None
    name = item.author or (user.get_full_name() if user else "") or ("Another site" if ping else "Anonymous")
    return Comment(
        content_type=content_type,
        object_pk=str(post.pk),
        site=site,
        user=user,
        user_name=name[:50],
        user_email=email,
        user_url=_valid_url(item.url) if item.url else "",
        ip_address=ip,
        comment=comment_text(item.content),
        submit_date=submitted,
        parent_id=parent.pk if parent is not None else 0,
        state=state,
        kind=kind,
        moderation_reason="held on WordPress" if state == Comment.State.PENDING else "",
        followup=False,
        # Their readers were told on WordPress: approving one later tells no one again. A ping
        # is never news to followers, even when approved here later.
        followers_notified_at=submitted if state == Comment.State.APPROVED or ping else None,
    )
