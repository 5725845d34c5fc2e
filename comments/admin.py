"""The moderation queue: all comments, and the pending, spam and flagged lists with counts.

Every change goes through ``comments.services`` (approving tells followers, once). Authors
who are not moderators see only the comments on their own posts. Nothing is deleted here
except by a superuser.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django_comments.models import CommentFlag

from comments import services
from comments.models import (
    CannedReply,
    Comment,
    CommentEdit,
    FlaggedComment,
    PendingComment,
    SpamComment,
)
from comments.personal_details import find_personal_details, without_details
from comments.roles import is_moderator
from comments.threads import _flag_count

ACTIONS = {
    "approve": (services.comment_approve, "approved"),
    "hold": (services.comment_hold, "held for moderation"),
    "spam": (services.comment_mark_spam, "marked as spam"),
    "remove": (services.comment_remove, "removed"),
}
# Approving looks like approval; spam and remove look destructive (static/clinic_admin/admin.css).
BUTTON_STYLES = {
    "approve": "button--approve",
    "hold": "button--neutral",
    "spam": "button--danger",
    "remove": "button--danger",
}


class ReplyForm(forms.Form):
    text = forms.CharField(label="Your reply", widget=forms.Textarea(attrs={"rows": 6, "cols": 80}), max_length=3000)
    approve = forms.BooleanField(label="Approve the comment too", required=False, initial=True)


class EditDetailsForm(forms.Form):
    text = forms.CharField(
        label="The comment, with the details taken out",
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        max_length=3000,
    )
    reason = forms.CharField(
        label="Why (goes into the record and the email)",
        max_length=200,
        initial="personal details taken out before publishing",
    )
    approve = forms.BooleanField(label="Approve the comment too", required=False, initial=True)
    tell_reader = forms.BooleanField(label="Email the reader that it was edited", required=False, initial=True)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["excerpt", "row_actions", "author", "on_post", "submitted", "state_label", "flags"]
    list_filter = ["state", "kind", "submit_date"]
    search_fields = ["comment", "user_name", "user_email"]
    list_select_related = ["user"]
    list_per_page = 50
    ordering = ["-submit_date"]
    actions = ["approve_selected", "hold_selected", "spam_selected", "remove_selected", "mark_answer_selected"]
    fieldsets = [
        (None, {"fields": ["context", "author_details", "comment", "state", "moderation_reason"]}),
        (
            "Record",
            {
                "fields": [
                    "submit_date",
                    "edited_at",
                    "moderated_at",
                    "moderated_by",
                    "removed_by",
                    "flag_list",
                    "edit_record",
                ]
            },
        ),
    ]
    readonly_fields = [
        "context",
        "author_details",
        "moderation_reason",
        "submit_date",
        "edited_at",
        "moderated_at",
        "moderated_by",
        "removed_by",
        "flag_list",
        "edit_record",
    ]
    queue_title = "All comments"

    # --- What each list holds ---------------------------------------------------------

    def queue(self, queryset):
        return queryset

    def get_queryset(self, request):
        # Annotated before ordering, so that a list may be ordered by its removal suggestions.
        queryset = self.model._default_manager.get_queryset().prefetch_related("content_object")
        queryset = queryset.annotate(removal_suggestions=_flag_count(CommentFlag.SUGGEST_REMOVAL))
        ordering = self.get_ordering(request)
        if ordering:
            queryset = queryset.order_by(*ordering)
        queryset = self.queue(queryset)
        if not is_moderator(request.user):
            from posts.models import Post

            own = [str(pk) for pk in Post.objects.filter(author=request.user).values_list("pk", flat=True)]
            queryset = queryset.filter(content_type=ContentType.objects.get_for_model(Post), object_pk__in=own)
        return queryset

    def has_add_permission(self, request):
        return False  # comments come from readers, and replies from the reply page

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("delete_selected", None)
        return actions

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": self.queue_title, **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra_context)

    # --- Columns --------------------------------------------------------------------------

    @admin.display(description="Comment")
    def excerpt(self, obj):
        text = Truncator(obj.comment).chars(140) if obj.comment else "(erased)"
        reason = (
            format_html('<br><small class="quiet">Held: {}</small>', obj.moderation_reason)
            if (obj.moderation_reason and obj.state != Comment.State.APPROVED)
            else ""
        )
        return format_html("{}{}", text, reason)

    @admin.display(description="Author")
    def author(self, obj):
        name = obj.user_name or (obj.user.get_username() if obj.user_id else "")
        badge = " (account)" if obj.user_id else ""
        return f"{name}{badge}"

    @admin.display(description="Post")
    def on_post(self, obj):
        target = obj.content_object
        if target is None:
            return "—"
        return format_html(
            '{}<br><a href="{}">view in context</a>', target, reverse("comments:in_context", args=[obj.pk])
        )

    @admin.display(description="Submitted", ordering="submit_date")
    def submitted(self, obj):
        return obj.submit_date

    @admin.display(description="State", ordering="state")
    def state_label(self, obj):
        return format_html('<strong class="comment-state--{}">{}</strong>', obj.state, obj.get_state_display())

    @admin.display(description="Removal suggestions", ordering="removal_suggestions")
    def flags(self, obj):
        return obj.removal_suggestions or ""

    @admin.display(description="Moderate")
    def row_actions(self, obj):
        # Buttons inside the change list's own form (which carries the CSRF token), posted elsewhere.
        buttons = [
            (
                BUTTON_STYLES[action],
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_moderate", args=[obj.pk, action]),
                label,
            )
            for action, label in (("approve", "Approve"), ("hold", "Hold"), ("spam", "Spam"), ("remove", "Remove"))
            if not (action == "approve" and obj.state == Comment.State.APPROVED and not obj.removal_suggestions)
            and not (action == "hold" and obj.state == Comment.State.PENDING)
            and not (action == "spam" and obj.state == Comment.State.SPAM)
            and not (action == "remove" and obj.state == Comment.State.REMOVED)
            # Its author took it back: publishing it again is refused, so it is not offered.
            and not (action in ("approve", "hold") and obj.removed_by == Comment.RemovedBy.AUTHOR)
        ]
        info = self.opts.app_label, self.opts.model_name
        reply_url = reverse("admin:{}_{}_reply".format(*info), args=[obj.pk])
        links = [(reply_url, "Reply")]
        if obj.held_for_personal_details and obj.state == Comment.State.PENDING:
            links.append((reverse("admin:{}_{}_edit_details".format(*info), args=[obj.pk]), "Edit out details"))
            links.append((f"{reply_url}?canned=book", "Reply: book an assessment"))
        return format_html(
            '<span class="comment-moderation">{}{}</span>',
            format_html_join(
                "",
                '<button type="submit" class="button {}" formaction="{}" formmethod="post">{}</button>',
                buttons,
            ),
            format_html_join("", '<a class="button button--reply" href="{}">{}</a>', links),
        )

    @admin.display(description="Where")
    def context(self, obj):
        target = obj.content_object
        if target is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">view the comment in context</a>',
            target.get_absolute_url(),
            target,
            reverse("comments:in_context", args=[obj.pk]),
        )

    @admin.display(description="Written by")
    def author_details(self, obj):
        website = format_html(' · <a href="{}" rel="nofollow noopener">{}</a>', obj.user_url, obj.user_url)
        return format_html(
            "{} &lt;{}&gt;{}{}",
            obj.user_name,
            obj.user_email,
            website if obj.user_url else "",
            " · has an account" if obj.user_id else "",
        )

    @admin.display(description="Readers' removal suggestions")
    def flag_list(self, obj):
        flags = obj.flags.filter(flag=CommentFlag.SUGGEST_REMOVAL).select_related("user")
        return format_html_join(", ", "{} ({})", ((f.user, f.flag_date.date()) for f in flags)) or "None"

    @admin.display(description="Moderators' edits")
    def edit_record(self, obj):
        edits = obj.moderator_edits.select_related("edited_by")
        return (
            format_html_join(
                "",
                "<p>{} by {}: {} — {}{}</p>",
                (
                    (
                        edit.edited_at.strftime("%d %b %Y %H:%M"),
                        edit.edited_by or "someone",
                        edit.reason,
                        "; ".join(f"“{c['removed']}” → “{c['added']}”" for c in edit.changes) or "no words changed",
                        " (reader told by email)" if edit.reader_told else "",
                    )
                    for edit in edits
                ),
            )
            or "None"
        )

    # --- Actions -----------------------------------------------------------------------

    def _apply(self, request, queryset, action):
        service, done = ACTIONS[action]
        count = 0
        for comment in queryset:
            try:
                service(comment=comment, moderator=request.user)
            except ValidationError as exc:
                self.message_user(request, f"Comment {comment.pk}: {' '.join(exc.messages)}", messages.WARNING)
                continue
            count += 1
        self.message_user(request, f"{count} comment{'s' if count != 1 else ''} {done}.", messages.SUCCESS)

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve_selected(self, request, queryset):
        self._apply(request, queryset, "approve")

    @admin.action(description="Hold selected comments for moderation", permissions=["change"])
    def hold_selected(self, request, queryset):
        self._apply(request, queryset, "hold")

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    def spam_selected(self, request, queryset):
        self._apply(request, queryset, "spam")

    @admin.action(description="Remove selected comments (keeps replies)", permissions=["change"])
    def remove_selected(self, request, queryset):
        self._apply(request, queryset, "remove")

    @admin.action(description="Mark as the clinician's answer (the post author's replies only)")
    def mark_answer_selected(self, request, queryset):
        marked = 0
        for comment in queryset:
            try:
                services.comment_mark_answer(comment=comment, user=request.user)
            except (ValidationError, PermissionDenied) as exc:
                text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                self.message_user(request, f"Comment {comment.pk}: {text}", messages.WARNING)
            else:
                marked += 1
        if marked:
            self.message_user(request, f"{marked} marked as the answer.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        new_state = obj.state
        if "state" in form.changed_data:
            obj.state = form.initial.get("state", obj.state)
        obj.save()
        if "state" in form.changed_data:
            try:
                services.comment_moderate(comment=obj, state=new_state, moderator=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.WARNING)

    # --- One comment: moderate from a row button, reply as the author -----------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/moderate/<str:action>/",
                self.admin_site.admin_view(self.moderate_view),
                name="{}_{}_moderate".format(*info),
            ),
            path(
                "<path:object_id>/reply/", self.admin_site.admin_view(self.reply_view), name="{}_{}_reply".format(*info)
            ),
            path(
                "<path:object_id>/edit-details/",
                self.admin_site.admin_view(self.edit_details_view),
                name="{}_{}_edit_details".format(*info),
            ),
            *super().get_urls(),
        ]

    def _get_for_change(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such comment.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def moderate_view(self, request, object_id, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in ACTIONS:
            raise Http404("No such action.")
        obj = self._get_for_change(request, object_id)
        self._apply(request, [obj], action)
        back = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        query = request.GET.urlencode()
        return HttpResponseRedirect(f"{back}?{query}" if query else back)

    def reply_view(self, request, object_id):
        parent = self._get_for_change(request, object_id)
        canned = list(CannedReply.objects.all())
        # Held for personal details: approving would publish them, so the box starts unticked
        # and the reply is emailed to the reader instead unless the moderator ticks it.
        initial = {"approve": parent.state == Comment.State.PENDING and not parent.held_for_personal_details}
        chosen = request.GET.get("canned", "")
        if chosen == "book":  # the queue's one-click "book an assessment" reply
            picked = next((reply for reply in canned if reply.title.lower().startswith("book")), None)
        else:
            picked = next((reply for reply in canned if chosen.isdigit() and reply.pk == int(chosen)), None)
        if picked is not None:
            initial["text"] = picked.text
            initial["approve"] = not parent.held_for_personal_details
        form = ReplyForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            if form.cleaned_data["approve"] and parent.state != Comment.State.APPROVED:
                services.comment_approve(comment=parent, moderator=request.user)
            reply = services.comment_reply(parent=parent, author=request.user, text=form.cleaned_data["text"])
            parent.refresh_from_db(fields=["state"])
            if not parent.is_visible and services.reply_emailed_to_reader(parent=parent, reply=reply):
                self.message_user(
                    request,
                    "The comment stays hidden, so your reply was emailed to its author.",
                    messages.SUCCESS,
                )
                return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
            self.message_user(request, "Your reply is published.", messages.SUCCESS)
            if parent.content_object is not None and reply.is_visible:
                return redirect("comments:in_context", reply.pk)
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Reply to {parent.user_name or 'this comment'}",
            "comment": parent,
            "form": form,
            "target": parent.content_object,
            "canned_replies": canned,
        }
        return TemplateResponse(request, "admin/comments/reply.html", context)

    def edit_details_view(self, request, object_id):
        """Take personal details out of a comment; the edit is recorded and the reader told."""
        comment = self._get_for_change(request, object_id)
        findings = find_personal_details(comment.comment)
        form = EditDetailsForm(
            request.POST or None,
            initial={"text": without_details(comment.comment, findings), "approve": True, "tell_reader": True},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                comment, record = services.comment_edit_by_moderator(
                    comment=comment,
                    moderator=request.user,
                    text=data["text"],
                    reason=data["reason"],
                    approve=data["approve"],
                    tell_reader=data["tell_reader"],
                )
            except ValidationError as exc:
                for field, errors in (
                    exc.message_dict.items() if hasattr(exc, "error_dict") else [("text", exc.messages)]
                ):
                    form.add_error(field if field in form.fields else None, errors)
            else:
                told = " The reader was told by email." if record.reader_told else ""
                self.message_user(request, f"The comment was edited and the edit recorded.{told}", messages.SUCCESS)
                return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Edit out personal details from {comment.user_name or 'this comment'}",
            "comment": comment,
            "findings": findings,
            "form": form,
            "target": comment.content_object,
        }
        return TemplateResponse(request, "admin/comments/edit_details.html", context)


class QueueAdmin(CommentAdmin):
    """One of the moderators' lists: the comments in ``state``, without the state column."""

    list_display = ["excerpt", "row_actions", "author", "on_post", "submitted"]
    list_filter = []
    state = None

    def queue(self, queryset):
        return queryset.filter(state=self.state)


@admin.register(PendingComment)
class PendingCommentAdmin(QueueAdmin):
    queue_title = "Pending comments: waiting for approval"
    state = Comment.State.PENDING


@admin.register(SpamComment)
class SpamCommentAdmin(QueueAdmin):
    queue_title = "Spam"
    state = Comment.State.SPAM


@admin.register(FlaggedComment)
class FlaggedCommentAdmin(CommentAdmin):
    list_display = ["excerpt", "row_actions", "flags", "author", "on_post", "submitted"]
    queue_title = "Flagged comments: readers suggest removing them (approve keeps them)"
    list_filter = []

    def get_ordering(self, request):
        return ["-removal_suggestions", "-submit_date"]

    def queue(self, queryset):
        return queryset.flagged()


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    """Saved short replies, offered on every reply page (“Book an assessment”, …)."""

    list_display = ["title", "order", "excerpt"]
    list_editable = ["order"]
    search_fields = ["title", "text"]

    @admin.display(description="Text")
    def excerpt(self, obj):
        return Truncator(obj.text).chars(120)


@admin.register(CommentEdit)
class CommentEditAdmin(admin.ModelAdmin):
    """The record of moderators' edits: read-only."""

    list_display = ["comment", "edited_by", "edited_at", "reason", "reader_told"]
    list_select_related = ["edited_by", "comment"]
    readonly_fields = [field.name for field in CommentEdit._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
