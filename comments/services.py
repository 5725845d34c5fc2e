"""Writes that touch more than one thing: moderating, replying, editing and erasing comments."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from comments.conf import setting
from comments.models import Comment, DataLink
from comments.models.data_link import hash_token
from comments.moderation import judge
from comments.text import comment_to_html

# Fields django_comments requires that an erased comment or a staff reply may leave empty.
CLEAN_EXCLUDE = ["user_email", "user_url", "ip_address"]


def _notify_followers_later(comment):
    from django_comments_xtd.views import notify_comment_followers

    transaction.on_commit(lambda: notify_comment_followers(comment))


@transaction.atomic
def comment_moderate(*, comment, state, moderator=None):
    """Set a comment's state; approving it for the first time tells the post's followers."""
    comment = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
    if comment.removed_by == Comment.RemovedBy.AUTHOR and state in (Comment.State.APPROVED, Comment.State.PENDING):
        raise ValidationError("Its author removed this comment, so it cannot be published again.")
    if state == Comment.State.APPROVED and not comment.comment.strip():
        raise ValidationError("An erased comment has nothing left to publish.")
    was = comment.state
    now = timezone.now()
    comment.state = state
    if state == Comment.State.REMOVED and not comment.removed_by:
        comment.removed_by = Comment.RemovedBy.MODERATOR
    elif state != Comment.State.REMOVED and comment.removed_by == Comment.RemovedBy.MODERATOR:
        comment.removed_by = ""  # a moderator may undo a moderator's removal
    comment.moderated_at, comment.moderated_by = now, moderator
    if state == Comment.State.APPROVED:
        comment.flags_cleared_at = now  # a kept comment leaves the flagged list
        comment.moderation_reason = ""
    notify = state == Comment.State.APPROVED and was != state and comment.followers_notified_at is None
    if notify:
        comment.followers_notified_at = now
    comment.full_clean(exclude=CLEAN_EXCLUDE)
    comment.save()
    if notify:
        _notify_followers_later(comment)
    return comment


def comment_approve(*, comment, moderator=None):
    return comment_moderate(comment=comment, state=Comment.State.APPROVED, moderator=moderator)


def comment_hold(*, comment, moderator=None):
    return comment_moderate(comment=comment, state=Comment.State.PENDING, moderator=moderator)


def comment_mark_spam(*, comment, moderator=None):
    return comment_moderate(comment=comment, state=Comment.State.SPAM, moderator=moderator)


def comment_remove(*, comment, moderator=None):
    return comment_moderate(comment=comment, state=Comment.State.REMOVED, moderator=moderator)


@transaction.atomic
def comment_reply(*, parent, author, text):
    """A staff reply (the clinician from the admin): published at once, followers told.

    Below the deepest level the reply joins the conversation one level up, as WordPress does.
    """
    from django_comments_xtd.models import max_thread_level_for_content_type

    max_level = max_thread_level_for_content_type(parent.content_type)
    while parent.level >= max_level and parent.parent_id != parent.pk:
        parent = Comment.objects.get(pk=parent.parent_id)
    now = timezone.now()
    reply = Comment(
        content_type=parent.content_type,
        object_pk=parent.object_pk,
        site_id=parent.site_id,
        user=author,
        user_name=(author.get_full_name() or author.get_username())[:50],
        user_email=author.email,
        comment=text.strip(),
        submit_date=now,
        parent_id=parent.pk,
        state=Comment.State.APPROVED if author.is_staff else judge(text=text, user=author).state,
        followers_notified_at=now,
    )
    reply.full_clean(exclude=[*CLEAN_EXCLUDE, "thread_id", "order", "level"])
    reply.save()
    if reply.state == Comment.State.APPROVED:
        _notify_followers_later(reply)
    return reply


def can_edit(comment, user):
    """Its author may edit a published or held comment for ``COMMENTS_EDIT_MINUTES``."""
    if not user.is_authenticated or comment.user_id != user.pk:
        return False
    if comment.state not in (Comment.State.APPROVED, Comment.State.PENDING):
        return False
    window = datetime.timedelta(minutes=setting("COMMENTS_EDIT_MINUTES"))
    return timezone.now() - comment.submit_date <= window


@transaction.atomic
def comment_edit(*, comment, editor, text):
    """The author's correction. An approved comment stays visible unless a hold or spam rule fires."""
    if not can_edit(comment, editor):
        raise PermissionDenied("This comment can no longer be edited.")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"comment": "Please write a comment."})
    verdict = judge(
        text=text,
        name=comment.user_name,
        email=comment.user_email,
        url=comment.user_url,
        user=editor,
        first_comment_rule=False,
    )
    comment.comment = text
    comment.edited_at = timezone.now()
    if verdict.state != Comment.State.APPROVED and comment.state != Comment.State.SPAM:
        comment.state, comment.moderation_reason = verdict.state, f"edited: {verdict.reason}"
    comment.full_clean(exclude=CLEAN_EXCLUDE)
    comment.save()
    return comment


@transaction.atomic
def comment_delete_own(*, comment, user):
    """A reader takes back their comment: hidden as "removed", replies to it kept."""
    if not user.is_authenticated or comment.user_id != user.pk:
        raise PermissionDenied("Only its author can delete this comment.")
    comment = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
    if comment.state == Comment.State.SPAM:
        raise ValidationError("This comment cannot be deleted.")  # spam stays spam, for its author too
    comment.state = Comment.State.REMOVED
    comment.removed_by = Comment.RemovedBy.AUTHOR
    comment.save()
    return comment


@transaction.atomic
def comment_erase(*, comment):
    """Erase what a reader wrote and who they are; the comment keeps its place as "removed".

    Spam is erased too (the words and the person go) but stays spam: hidden, not a "removed" note.
    """
    comment.comment = ""
    comment.user_name = ""
    comment.user_email = ""
    comment.user_url = ""
    comment.ip_address = None
    comment.followup = False
    if comment.state != Comment.State.SPAM:
        comment.state = Comment.State.REMOVED
    comment.removed_by = Comment.RemovedBy.AUTHOR
    comment.moderation_reason = "erased at its author's request"
    comment.save()
    return comment


@transaction.atomic
def comments_erase_for_email(*, email, comment_ids=None):
    """Erase the comments written with ``email`` (all of them, or those in ``comment_ids``)."""
    comments = Comment.objects.filter(user_email__iexact=email.strip())
    if comment_ids is not None:
        comments = comments.filter(pk__in=comment_ids)
    erased = 0
    for comment in comments.select_for_update(of=("self",)):
        comment_erase(comment=comment)
        erased += 1
    return erased


class DataLinkRefused(Exception):
    """A data link that no longer works: ``reason`` is "bad", "expired" or "used"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def data_link_open(*, token, for_update=False):
    """The working link for ``token``, or DataLinkRefused saying why not."""
    links = DataLink.objects.select_for_update() if for_update else DataLink.objects
    link = links.for_token(token)
    if link is None:
        raise DataLinkRefused("bad")
    if link.is_used:
        raise DataLinkRefused("used")
    if link.is_expired:
        raise DataLinkRefused("expired")
    return link


@transaction.atomic
def data_link_create(*, email):
    """A new "see and erase my comments" link for ``email``: returns the token (kept only hashed)."""
    now = timezone.now()
    DataLink.objects.filter(expires_at__lt=now - datetime.timedelta(days=1)).delete()
    token = DataLink.new_token()
    link = DataLink(
        token_hash=hash_token(token),
        email=email.strip().lower(),
        created_at=now,
        expires_at=now + datetime.timedelta(hours=setting("COMMENTS_DATA_LINK_HOURS")),
    )
    link.full_clean()
    link.save()
    return token


@transaction.atomic
def data_link_erase(*, token, comment_ids=None):
    """Erase through a data link (all the address's comments, or those in ``comment_ids``); the link is spent."""
    link = data_link_open(token=token, for_update=True)
    erased = comments_erase_for_email(email=link.email, comment_ids=comment_ids)
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return erased


def comments_rerender(*, user_id=None, batch=500):
    """Render stored text and bylines again (after an avatar, COMMENTS_GRAVATAR or TIME_ZONE change)."""
    comments = Comment.objects.select_related(None).order_by("pk")
    if user_id is not None:
        comments = comments.filter(user_id=user_id)
    done = 0
    for start in range(0, comments.count(), batch):
        chunk = list(comments[start : start + batch])
        for comment in chunk:
            comment.comment_html = comment_to_html(comment.comment)
            comment.render_byline()
        Comment.objects.bulk_update(chunk, ["comment_html", "byline_html"])
        done += len(chunk)
    return done


def comment_ips_purge(*, days=None):
    """Forget commenters' IP addresses once moderation no longer needs them."""
    from django_comments.models import Comment as StoredComment

    days = setting("COMMENTS_IP_RETENTION_DAYS") if days is None else days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    return StoredComment.objects.filter(submit_date__lt=cutoff, ip_address__isnull=False).update(ip_address=None)


def notify_author_of_pending(comment):
    """Tell the post's author that a comment waits for approval (queued with the comment)."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse

    target = comment.content_object
    author = getattr(target, "author", None)
    if author is None or not author.email or author.pk == comment.user_id:
        return
    context = {
        "comment": comment,
        "target": target,
        "site_url": settings.SITE_URL,
        "review_url": settings.SITE_URL + reverse("admin:comments_pendingcomment_changelist"),
    }
    send_mail(
        subject=f"[{settings.SITE_NAME}] A comment on “{target}” is waiting for you",
        message=render_to_string("comments/email/pending_notice.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[author.email],
        fail_silently=True,
    )


# --- The clinician's answer ---------------------------------------------------------------------


def can_mark_answer(*, comment, user):
    """Only the post's author (or staff given ``comments.mark_answer``) marks an answer."""
    if not (user and user.is_authenticated):
        return False
    target = comment.content_object
    author_id = getattr(target, "author_id", None)
    return user.pk == author_id or (user.is_staff and user.has_perm("comments.mark_answer"))


@transaction.atomic
def comment_mark_answer(*, comment, user):
    """Make ``comment`` (the post author's published reply) the answer to its conversation.

    One answer per conversation: the conversation's first comment is locked, any earlier
    answer is unmarked, then this one is marked.
    """
    if not can_mark_answer(comment=comment, user=user):
        raise PermissionDenied("Only the post's author can mark the answer.")
    comment = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
    target = comment.content_object
    if comment.level == 0 or comment.thread_id == comment.pk:
        raise ValidationError("Only a reply can be the answer to a question.")
    if comment.state != Comment.State.APPROVED:
        raise ValidationError("Only a published reply can be the answer.")
    if comment.user_id is None or comment.user_id != getattr(target, "author_id", None):
        raise ValidationError("The answer must be a reply by the post's author.")
    question = Comment.objects.select_for_update(of=("self",)).get(pk=comment.thread_id)
    Comment.objects.filter(answer_to=question).exclude(pk=comment.pk).update(answer_to=None)
    comment.answer_to = question
    comment.save(update_fields=["answer_to"])
    return comment


@transaction.atomic
def comment_unmark_answer(*, comment, user):
    if not can_mark_answer(comment=comment, user=user):
        raise PermissionDenied("Only the post's author can change the answer.")
    Comment.objects.filter(pk=comment.pk).update(answer_to=None)
    comment.answer_to = None
    return comment


# --- A moderator edits out personal details ------------------------------------------------------


def _mask(text):
    return "".join("#" if char.isdigit() else "x" if char.isalpha() else char for char in text)


def edit_changes(before, after):
    """What a moderator's edit changed, word by word, with the removed words masked."""
    import difflib

    old, new = before.split(), after.split()
    changes = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op != "equal":
            changes.append({"removed": _mask(" ".join(old[i1:i2])), "added": " ".join(new[j1:j2])})
    return changes


@transaction.atomic
def comment_edit_by_moderator(*, comment, moderator, text, reason="", approve=False, tell_reader=True):
    """Edit a reader's comment (to take out personal details), record it, and tell the reader by email."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    from comments.models import CommentEdit

    comment = Comment.objects.select_for_update(of=("self",)).get(pk=comment.pk)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "A comment cannot be edited down to nothing; remove it instead."})
    if text == comment.comment.strip():
        raise ValidationError({"text": "Nothing was changed."})
    changes = edit_changes(comment.comment, text)
    comment.comment = text
    comment.edited_at = timezone.now()
    comment.full_clean(exclude=CLEAN_EXCLUDE)
    comment.save()
    address = comment.user_email or (comment.user.email if comment.user_id else "")
    record = CommentEdit.objects.create(
        comment=comment,
        edited_by=moderator,
        reason=(reason or "personal details taken out")[:200],
        changes=changes,
        reader_told=bool(tell_reader and address),
    )
    if approve and comment.state != Comment.State.APPROVED:
        comment = comment_approve(comment=comment, moderator=moderator)
    if record.reader_told:
        target = comment.content_object
        context = {
            "comment": comment,
            "target": target,
            "reason": record.reason,
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "published": comment.state == Comment.State.APPROVED,
        }
        send_mail(
            subject=f"[{settings.SITE_NAME}] We edited your comment",
            message=render_to_string("comments/email/edited_notice.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[address],
            fail_silently=True,
        )
    return comment, record


def reply_emailed_to_reader(*, parent, reply):
    """A reply under a comment that stays hidden would reach no one: email it to the reader."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    address = parent.user_email or (parent.user.email if parent.user_id else "")
    if not address:
        return False
    context = {"comment": parent, "reply": reply, "target": parent.content_object, "site_name": settings.SITE_NAME}
    send_mail(
        subject=f"[{settings.SITE_NAME}] A reply to your comment",
        message=render_to_string("comments/email/private_reply.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[address],
        fail_silently=True,
    )
    return True
