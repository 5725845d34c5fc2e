import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment, XtdCommentManager

from comments.byline import byline_html, ping_byline_html
from comments.text import comment_to_html

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class CommentQuerySet(models.QuerySet):
    def for_object(self, obj):
        from django.contrib.contenttypes.models import ContentType

        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk))

    def approved(self):
        return self.filter(state=Comment.State.APPROVED)

    def pending(self):
        return self.filter(state=Comment.State.PENDING)

    def spam(self):
        return self.filter(state=Comment.State.SPAM)

    def on_page(self):
        """What a reader may see in a thread: approved comments and the "removed" placeholders."""
        return self.filter(state__in=Comment.VISIBLE_STATES)

    def flagged(self):
        """Visible comments with a reader's removal suggestion that no moderator has reviewed yet."""
        unreviewed = CommentFlag.objects.filter(
            comment=OuterRef("pk"),
            flag=CommentFlag.SUGGEST_REMOVAL,
            flag_date__gt=Coalesce(OuterRef("flags_cleared_at"), EPOCH),
        )
        return self.filter(Exists(unreviewed), state=Comment.State.APPROVED)


class CommentManager(XtdCommentManager.from_queryset(CommentQuerySet)):
    pass


class Comment(XtdComment):
    """A reader's comment: django-comments-xtd's threaded comment with a moderation state.

    ``state`` is the truth; xtd's and django_comments' two flags follow it on every save
    (approved = public, pending = hidden, spam = hidden and removed, removed = a placeholder
    that keeps its place in the thread). Nothing is deleted by a rule, only hidden.
    """

    class State(models.TextChoices):
        APPROVED = "approved", "Approved"
        PENDING = "pending", "Pending"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    FLAGS = {
        State.APPROVED: (True, False),
        State.PENDING: (False, False),
        State.SPAM: (False, True),
        State.REMOVED: (True, True),
    }

    class Kind(models.TextChoices):
        """A reader's comment, or a link from another site that WordPress recorded (imported only)."""

        COMMENT = "comment", "Comment"
        PINGBACK = "pingback", "Pingback"
        TRACKBACK = "trackback", "Trackback"

    class RemovedBy(models.TextChoices):
        AUTHOR = "author", "Its author"
        MODERATOR = "moderator", "A moderator"

    STATE_OF_FLAGS = {flags: state for state, flags in FLAGS.items()}
    VISIBLE_STATES = (State.APPROVED, State.REMOVED)
    PERSONAL_DETAILS_REASON = "may share personal details"

    # Named explicitly: the default reverse name, "comment", is taken by the comment's text.
    xtdcomment_ptr = models.OneToOneField(
        XtdComment, on_delete=models.CASCADE, parent_link=True, primary_key=True, related_name="reader_comment"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.APPROVED, db_index=True)
    # Pingbacks and trackbacks come only from a WordPress import: counted with the comments (as
    # WordPress counts them), shown as a one-line mention, never replied to, liked or flagged.
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COMMENT, editable=False)
    moderation_reason = models.CharField(
        "why it was held", max_length=200, blank=True, help_text="The rule that held or stopped the comment."
    )
    # Who removed it: a comment its author took back (or erased) is never published again.
    removed_by = models.CharField(
        max_length=10, choices=RemovedBy.choices, blank=True, default="", editable=False, db_index=True
    )
    comment_html = models.TextField(editable=False, default="")
    byline_html = models.TextField(editable=False, default="")
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    followers_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    flags_cleared_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set on the clinician's reply that answers a conversation: points at the conversation's first
    # comment (the question), so the database allows one answer per conversation.
    answer_to = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clinician_answer",
        editable=False,
        verbose_name="the answer to",
    )

    objects = CommentManager()

    class Meta:
        ordering = ["submit_date"]
        verbose_name = "comment"
        verbose_name_plural = "all comments"
        permissions = [("mark_answer", "Can mark the post author's reply as the answer to a conversation")]

    def __str__(self):
        return f"{self.user_name or 'Someone'}: {self.comment[:60]}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        loaded = instance.__dict__
        if {"state", "is_public", "is_removed"} <= loaded.keys():
            instance._loaded_flags = (loaded["state"], loaded["is_public"], loaded["is_removed"])
        return instance

    def sync_flags(self):
        """Make the legacy flags follow ``state``, or the other way round when only they changed.

        django_comments' own moderation views flip ``is_public``/``is_removed`` directly;
        when they did, and ``state`` was left alone, the state follows the flags.
        """
        loaded = getattr(self, "_loaded_flags", None)
        flags = (self.is_public, self.is_removed)
        if loaded and loaded[0] == self.state and flags != loaded[1:]:
            self.state = self.STATE_OF_FLAGS[flags]
        self.is_public, self.is_removed = self.FLAGS[self.State(self.state)]

    BYLINE_FIELDS = ("user_name", "user_url", "user_email", "submit_date", "edited_at", "user_id", "kind")

    @property
    def is_ping(self):
        return self.kind != self.Kind.COMMENT

    def render_byline(self):
        """The stored byline (see comments.byline), from this comment's own fields and avatar."""
        from comments.models import ReaderAvatar

        if self.is_ping:
            self.byline_html = ping_byline_html(
                kind_label=self.Kind(self.kind).label,
                site_name=self.user_name,
                url=self.user_url,
                submit_date=self.submit_date,
            )
            return
        image = ""
        if self.user_id:
            image = ReaderAvatar.objects.filter(user_id=self.user_id).values_list("image", flat=True).first() or ""
        self.byline_html = byline_html(
            user_name=self.user_name,
            user_url=self.user_url,
            user_email=self.user_email,
            submit_date=self.submit_date,
            edited_at=self.edited_at,
            avatar_image=image,
        )

    def save(self, *args, **kwargs):
        self.sync_flags()
        if "comment" in self.__dict__:
            self.comment_html = comment_to_html(self.comment)
        if self.submit_date is None:
            self.submit_date = timezone.now()
        if all(field in self.__dict__ for field in self.BYLINE_FIELDS):
            self.render_byline()
        # One transaction for xtd's two writes, so the thread lock below lasts until both are done.
        with transaction.atomic():
            super().save(*args, **kwargs)
        self._loaded_flags = (self.state, self.is_public, self.is_removed)

    def _calculate_thread_data(self):
        """xtd renumbers a conversation on each reply; replies to one conversation take turns.

        Without the lock, two replies arriving together read the same numbers and share a place.
        """
        thread_id = XtdComment.norel_objects.filter(pk=self.parent_id).values_list("thread_id", flat=True).first()
        if thread_id:
            list(XtdComment.norel_objects.select_for_update(of=("self",)).filter(pk=thread_id).values_list("pk"))
        super()._calculate_thread_data()

    @property
    def held_for_personal_details(self):
        return self.moderation_reason.removeprefix("edited: ").startswith(self.PERSONAL_DETAILS_REASON)

    @property
    def is_visible(self):
        return self.state in self.VISIBLE_STATES

    def get_absolute_url(self, anchor_pattern="#c%(id)s"):
        """The post's page that holds this comment (comment pages count top-level threads)."""
        from comments.threads import page_number_of

        target = self.content_object
        if target is None:
            return reverse("comments-url-redirect", args=(self.content_type_id, self.object_pk))
        url = target.get_absolute_url()
        number = page_number_of(self)
        if number > 1:
            url += f"?cpage={number}"
        return url + (anchor_pattern % {"id": self.pk})


class PendingComment(Comment):
    """The moderation queue: comments held by a rule until someone approves them."""

    class Meta:
        proxy = True
        verbose_name = "pending comment"
        verbose_name_plural = "pending comments"


class SpamComment(Comment):
    class Meta:
        proxy = True
        verbose_name = "spam comment"
        verbose_name_plural = "spam"


class FlaggedComment(Comment):
    """Published comments that a reader suggested removing."""

    class Meta:
        proxy = True
        verbose_name = "flagged comment"
        verbose_name_plural = "flagged comments"
