"""The moderation rules, and the one moderator registered with django-comments-xtd for posts.

Every new comment meets these rules, in this order (each one configurable, see README):

1. staff (the clinician, moderators) are published at once;
2. the disallowed word list marks it spam (stored, hidden);
3. what looks like personal contact or medical details holds it (``comments.personal_details``);
4. the moderation word list holds it;
5. ``COMMENTS_HOLD_LINKS`` or more links hold it;
6. an author with no approved comment yet (by account, or by a confirmed/verified email) is held.

Refusals that store nothing (honeypot, too fast, rate limit) happen before, in the form and
in ``comments.views.post_comment``; closing comments happens in ``allow``.
"""

import datetime
import re
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_comments_xtd.moderation import XtdCommentModerator, moderator

from comments.conf import setting
from comments.models import Comment
from comments.personal_details import describe, find_personal_details
from comments.ratelimit import client_ip
from comments.text import count_links


@dataclass(frozen=True)
class Verdict:
    state: str
    reason: str = ""


APPROVED = Verdict(Comment.State.APPROVED)


def _listed(words, haystack):
    for word in words:
        word = word.strip().lower()
        if word and word in haystack:
            return word
    return None


def has_approved_comment(*, user=None, email=""):
    """Has this author had a comment approved before: by account, or by an address they proved they own?"""
    approved = Comment.objects.approved().order_by()
    if user is not None and user.is_authenticated:
        if approved.filter(user=user).exists():
            return True
        from allauth.account.models import EmailAddress

        verified = list(EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True))
        return bool(verified) and approved.filter(user_email__iregex=_any_of(verified)).exists()
    # Anonymous comments are stored only after their author clicked the link sent to this address.
    return bool(email) and approved.filter(user_email__iexact=email).exists()


def _any_of(emails):
    return "^(" + "|".join(re.escape(email) for email in emails) + ")$"


def judge(*, text, name="", email="", url="", ip="", user=None, first_comment_rule=True):
    """Apply the rules to what a reader wrote; returns the state the comment gets and why."""
    if user is not None and user.is_authenticated and user.is_staff:
        return APPROVED
    haystack = "\n".join(str(part or "") for part in (text, name, email, url, ip)).lower()
    word = _listed(setting("COMMENTS_DISALLOWED_WORDS"), haystack)
    if word:
        return Verdict(Comment.State.SPAM, f"matches the disallowed word list (“{word}”)")
    if setting("COMMENTS_HOLD_PERSONAL_DETAILS"):
        findings = find_personal_details(text)
        if findings:
            return Verdict(Comment.State.PENDING, f"{Comment.PERSONAL_DETAILS_REASON}: {describe(findings)}"[:200])
    word = _listed(setting("COMMENTS_MODERATION_WORDS"), haystack)
    if word:
        return Verdict(Comment.State.PENDING, f"matches the moderation word list (“{word}”)")
    max_links = setting("COMMENTS_HOLD_LINKS")
    links = count_links(text)
    if max_links and links >= max_links:
        return Verdict(Comment.State.PENDING, f"contains {links} links")
    if (
        first_comment_rule
        and setting("COMMENTS_HOLD_FIRST_COMMENT")
        and not has_approved_comment(user=user, email=email)
    ):
        return Verdict(Comment.State.PENDING, "first comment from this author")
    return APPROVED


def comments_open(target):
    """Open unless the post says closed, is not public, or is older than ``COMMENTS_CLOSE_AFTER_DAYS``."""
    if not getattr(target, "comments_open", True):
        return False
    if not getattr(target, "is_public", True):
        return False
    days = setting("COMMENTS_CLOSE_AFTER_DAYS")
    published_at = getattr(target, "published_at", None)
    return not (days and published_at and timezone.now() - published_at >= datetime.timedelta(days=days))


def store_spam(tmp_comment):
    """Keep an anonymous spam comment for the moderators, without sending its author any mail."""
    key = tmp_comment.get("submission_key")
    existing = Comment.objects.filter(submission_key=key).first() if key else None
    if existing:
        return existing
    comment = Comment(**tmp_comment)
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError:  # the same form sent twice at the same moment
        return Comment.objects.get(submission_key=key)
    return comment


class PostCommentModerator(XtdCommentModerator):
    """Registered once for ``posts.Post``: decides a new comment's state before it is stored.

    ``allow`` runs first (in django_comments' order), so it records the verdict on the
    comment; ``moderate`` then tells django_comments to hide anything that is not approved.
    An anonymous comment judged spam is stored at once, as spam, and its confirmation email
    is never sent (the address may be someone else's); the view then answers as for any
    held comment.
    """

    email_notification = False  # the post's author hears of pending comments from comments.signals

    def allow(self, comment, content_object, request):
        if not comments_open(content_object):
            request.comment_refusal = "closed"
            return False
        comment.ip_address = client_ip(request)
        user = request.user if request.user.is_authenticated else None
        verdict = judge(
            text=comment.comment,
            name=comment.user_name,
            email=comment.user_email,
            url=comment.user_url,
            ip=comment.ip_address,
            user=user,
        )
        comment.state, comment.moderation_reason = verdict.state, verdict.reason
        # An account without a verified address goes through the email step like anyone anonymous.
        unconfirmed = user is None or getattr(request, "comment_needs_confirmation", False)
        if verdict.state == Comment.State.SPAM and unconfirmed:
            store_spam(comment)
            request.comment_refusal = "stored-as-spam"
            return False
        return True

    def moderate(self, comment, content_object, request):
        return comment.state != Comment.State.APPROVED


def register():
    from posts.models import Post

    if Post not in moderator._registry:
        moderator.register(Post, PostCommentModerator)
