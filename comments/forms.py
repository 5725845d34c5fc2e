import hashlib
import time

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.validators import URLValidator
from django_comments_xtd.forms import XtdCommentForm
from django_comments_xtd.models import max_thread_level_for_content_type

from comments.conf import setting
from comments.rendering import PlainInputRenderer


class CommentForm(XtdCommentForm):
    """xtd's form with clinic wording, a signed minimum-age timestamp and checked replies.

    The timestamp and its HMAC come from django_comments' security form; a form sent back
    sooner than a person can type (``COMMENTS_MIN_SECONDS``) fails with code ``too_fast``.
    """

    default_renderer = PlainInputRenderer
    email = forms.EmailField(max_length=254)
    url = forms.URLField(
        required=False, max_length=200, assume_scheme="https", validators=[URLValidator(schemes=["http", "https"])]
    )

    def __init__(self, target_object, *args, **kwargs):
        super().__init__(target_object, *args, **kwargs)
        fields = self.fields
        fields["name"].label = "Name"
        fields["name"].widget = forms.TextInput(attrs={"autocomplete": "name", "maxlength": 50, "required": True})
        fields["email"].label = "Email"
        fields["email"].help_text = "Never shown. We send a link to it to confirm your comment."
        fields["email"].widget = forms.EmailInput(attrs={"autocomplete": "email", "maxlength": 254, "required": True})
        fields["url"].label = "Website (optional)"
        fields["url"].widget = forms.URLInput(attrs={"autocomplete": "url", "maxlength": 200})
        fields["comment"].label = "Your comment"
        fields["comment"].widget = forms.Textarea(
            attrs={"rows": 6, "maxlength": fields["comment"].max_length, "required": True}
        )
        fields["followup"].label = "Email me when someone else comments on this post"
        fields["honeypot"].label = "Leave this field empty"
        fields["honeypot"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_timestamp(self):
        timestamp = super().clean_timestamp()
        if time.time() - timestamp < setting("COMMENTS_MIN_SECONDS"):
            raise forms.ValidationError("Sent faster than a person can type.", code="too_fast")
        return timestamp

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if "<" in name or ">" in name:
            raise forms.ValidationError("Please use letters, not HTML, in your name.")
        if not name:
            raise forms.ValidationError("Please give a name.")
        return name

    def clean_comment(self):
        text = super().clean_comment().strip()
        if not text:
            raise forms.ValidationError("Please write a comment.")
        return text

    def clean_reply_to(self):
        """A reply must answer a published comment on the same post, above the deepest level."""
        from comments.models import Comment

        parent_id = self.cleaned_data["reply_to"] or 0
        if parent_id == 0:
            return 0
        target = self.target_object
        parent = (
            Comment.objects.select_related(None)
            .filter(pk=parent_id)
            .only("content_type", "object_pk", "state", "level", "kind")
            .first()
        )
        if parent is None or parent.state != Comment.State.APPROVED:
            raise forms.ValidationError("The comment you are replying to is not available.")
        if parent.is_ping:
            raise forms.ValidationError("A pingback or trackback takes no replies; write a comment of your own.")
        content_type = ContentType.objects.get_for_id(parent.content_type_id)
        if content_type.model_class() is not type(target) or parent.object_pk != str(target.pk):
            raise forms.ValidationError("You can only reply to a comment on this post.")
        if parent.level >= max_thread_level_for_content_type(content_type):
            raise forms.ValidationError("This conversation is as deep as it can go; reply to an earlier comment.")
        return parent_id

    def get_comment_create_data(self, site_id=None):
        data = super().get_comment_create_data(site_id=site_id)
        fingerprint = "|".join(
            str(part)
            for part in (
                self.data.get("content_type"),
                self.data.get("object_pk"),
                self.cleaned_data["timestamp"],
                self.cleaned_data["security_hash"],
                self.cleaned_data["email"].lower(),
                self.cleaned_data["reply_to"],
                self.cleaned_data["comment"],
            )
        )
        # One form, sent twice (a double click, a retried request), is stored once.
        data["submission_key"] = hashlib.sha256(fingerprint.encode()).hexdigest()
        return data
