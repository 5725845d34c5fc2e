"""Our side of the comment URLs: guards around xtd's views, readers' own data, identicons.

The posting, confirming and replying views are django_comments'/xtd's own; the wrappers
here add what the library does not do: a clear page for every refusal (never an opaque 400
or a 500), the rate limit, only published posts and published comments, and exactly-once
storage of a form sent twice.
"""

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_comments.views.comments import post_comment as contrib_post_comment
from django_comments_xtd import get_form
from django_comments_xtd import signed as xtd_signed
from django_comments_xtd import views as xtd_views
from django_comments_xtd.conf import settings as xtd_settings
from django_comments_xtd.models import MaxThreadLevelExceededException
from django_comments_xtd.moderation import moderator

from comments import services
from comments.accounts.services import account_email_confirmed, verified_email
from comments.adapters import display_name
from comments.avatars import identicon_svg
from comments.conf import setting
from comments.guard import guard_exempt
from comments.models import Comment
from comments.moderation import comments_open
from comments.ratelimit import count_attempt
from posts.models import Post

REFUSALS = {
    "unknown_target": (400, "Nothing to comment on", "This form does not belong to a post that takes comments."),
    "closed": (403, "Comments are closed", "This post no longer takes new comments."),
    "tampered": (
        400,
        "Your comment was not sent",
        "The form was changed on its way to us, so we could not trust it. "
        "Reload the post and write your comment again.",
    ),
    "expired": (
        400,
        "The form has expired",
        "Comment forms work for two hours after the page is opened. Reload the post and send your comment again.",
    ),
    "honeypot": (
        400,
        "Your comment was not sent",
        "It looked automated: a field that people never see was filled in. "
        "If you are a person, reload the post and write your comment again.",
    ),
    "too_fast": (
        400,
        "Your comment was not sent",
        "It arrived faster than a person can type, so it looked automated. "
        "Go back, wait a few seconds and send it again.",
    ),
    "rate": (
        429,
        "Please slow down",
        "You have sent several comments in a short time. Nothing was stored; try again in {wait}.",
    ),
    "invalid": (
        400,
        "Your comment was not sent",
        "Something in the form was not right. Reload the post and try again.",
    ),
    "bad_link": (
        400,
        "This link does not work",
        "The link is incomplete, was changed, or has expired. Copy the whole address from the email, "
        "or send your comment again.",
    ),
    "gone": (
        400,
        "This comment cannot be posted",
        "The post or the comment it answers is no longer available.",
    ),
    "data_link_bad": (
        400,
        "This link does not work",
        "The link is incomplete or was changed. Copy the whole address from the email, or ask for a new link.",
    ),
    "data_link_expired": (
        410,
        "This link has expired",
        "For your privacy these links work for a short time only. Ask for a new one: it takes a minute.",
    ),
    "data_link_used": (
        410,
        "This link has been used",
        "It erased comments already, and a link erases only once. Ask for a new one to see what is left.",
    ),
    "confirm_expired": (
        410,
        "This confirmation link has expired",
        "Confirmation links work for {days} days. Your comment was not published; write it again if you wish.",
    ),
    "too_deep": (
        403,
        "No more replies here",
        "This conversation is as deep as it can go; reply to an earlier comment.",
    ),
}

DIGITS = re.compile(r"^[0-9]{1,18}$")


def refuse(request, reason, target=None, *, retry_after=0):
    status, title, text = REFUSALS[reason]
    wait = f"{retry_after} seconds" if retry_after < 120 else f"{-(-retry_after // 60)} minutes"
    response = render(
        request,
        "comments/refused.html",
        {
            "title": title,
            "text": text.format(wait=wait, days=setting("COMMENTS_CONFIRM_LINK_DAYS")),
            "target": target,
            "reason": reason,
        },
        status=status,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def resolve_target(content_type, object_pk):
    """The published object a form points at, if it is of a model registered for comments."""
    if not content_type or not object_pk or not DIGITS.match(str(object_pk)):
        return None
    for model in moderator._registry:
        if str(model._meta) == content_type:
            target = model._default_manager.filter(pk=int(object_pk)).first()
            if target is not None and getattr(target, "is_public", True):
                return target
    return None


def _security_refusal(form):
    """Why django_comments' security form refused: the signed fields, the honeypot, or the clock."""
    if form.has_error("security_hash"):
        return "tampered"
    if form.has_error("honeypot"):
        return "honeypot"
    if form.has_error("timestamp", "too_fast"):
        return "too_fast"
    return "expired"


@csrf_protect
@require_POST
def post_comment(request):
    """django_comments' posting view, behind the checks that must store nothing when they fail."""
    data = request.POST.copy()
    user = request.user
    if user.is_authenticated:
        # Logged-in readers comment under their account's name, and with their verified address;
        # an account without one gives an address and confirms it by email, as anyone anonymous.
        data["name"] = display_name(user)[:50]
        verified = verified_email(user)
        if verified:
            data["email"] = verified
        else:
            request.comment_needs_confirmation = True
    if not url_has_allowed_host_and_scheme(data.get("next"), allowed_hosts={request.get_host()}):
        # Missing or off-site: the form's own "sent" page, which sends a published comment to its
        # place on the post, rather than django_comments' "posted" page ("check your email").
        data["next"] = reverse("comments-xtd-sent")
    request.POST = data
    target = resolve_target(data.get("content_type"), data.get("object_pk"))
    if target is None:
        return refuse(request, "unknown_target")
    if not comments_open(target):
        return refuse(request, "closed", target)
    form = get_form()(target, data=data)
    if form.security_errors():
        return refuse(request, _security_refusal(form), target)
    attempt = None
    if "preview" not in data:
        attempt = count_attempt(request)
        if attempt.refused:
            return refuse(request, "rate", target, retry_after=attempt.retry_after)
    try:
        with transaction.atomic():
            response = contrib_post_comment(request)
    except IntegrityError:
        # The same form, sent twice at the same moment: the other request stored it.
        existing = Comment.objects.filter(submission_key=form.get_comment_create_data()["submission_key"]).first()
        if existing is None:
            raise
        response = redirect(reverse("comments-xtd-sent") + f"?c={existing.pk}")
    except (ObjectDoesNotExist, MaxThreadLevelExceededException):
        response = refuse(request, "gone", target)
    outcome = getattr(request, "comment_refusal", None)
    if attempt is not None and response.status_code != 302 and outcome != "stored-as-spam":
        attempt.refund()
    if outcome == "stored-as-spam":
        return render(request, "django_comments_xtd/moderated.html", {"comment": None, "target": target})
    if outcome == "closed":
        return refuse(request, "closed", target)
    if response.status_code == 400 and not response.content:
        return refuse(request, "invalid", target)
    return response


@csrf_protect
@require_http_methods(["GET", "POST"])
def confirm(request, key):
    """xtd's confirmation link, made idempotent and safe against stale or doctored links.

    Opening the link (GET) only shows a button; the comment is confirmed by the POST that button
    sends, so a mail scanner fetching links confirms nothing. Links older than
    ``COMMENTS_CONFIRM_LINK_DAYS`` (counted from when the comment was written) are refused.
    """
    try:
        tmp = xtd_signed.loads(str(key), extra_key=xtd_settings.COMMENTS_XTD_SALT)
        tmp.get("submission_key")
    except Exception:  # bad signature, broken encoding, or a post that was deleted since
        return refuse(request, "bad_link")
    existing = None
    if tmp.get("submission_key"):
        existing = Comment.objects.filter(submission_key=tmp["submission_key"]).first()
    if existing is not None:
        return redirect(existing) if existing.is_visible else _held(request, existing)
    written = tmp.get("submit_date")
    days = setting("COMMENTS_CONFIRM_LINK_DAYS")
    if written is None or timezone.now() - written > datetime.timedelta(days=days):
        return refuse(request, "confirm_expired")
    target = tmp.content_object
    if target is None or not getattr(target, "is_public", True):
        return refuse(request, "gone")
    if not comments_open(target):
        return refuse(request, "closed", target)
    if request.method != "POST":
        return render(request, "comments/confirm.html", {"target": target, "name": tmp.get("user_name", "")})
    try:
        with transaction.atomic():
            response = xtd_views.confirm(request, key)
            stored = Comment.objects.filter(submission_key=tmp.get("submission_key")).first()
            if stored is not None and stored.user_id:
                # The link was mailed to this address: if the account gave it, it is now verified.
                account_email_confirmed(user_id=stored.user_id, email=stored.user_email)
            return response
    except IntegrityError:
        existing = Comment.objects.filter(submission_key=tmp.get("submission_key")).first()
        if existing is None:
            raise
        return redirect(existing) if existing.is_visible else _held(request, existing)
    except (ObjectDoesNotExist, MaxThreadLevelExceededException):
        return refuse(request, "gone", target)


@csrf_protect
@require_http_methods(["GET", "POST"])
def mute(request, key):
    """xtd's "stop emails about this post" link: opening it shows a button; only its POST mutes,
    so a mail scanner fetching the link changes nothing."""
    try:
        tmp = xtd_signed.loads(str(key), extra_key=xtd_settings.COMMENTS_XTD_SALT)
        target = tmp.content_object
    except Exception:  # bad signature, broken encoding, or a post that was deleted since
        return refuse(request, "bad_link")
    if request.method == "POST":
        return xtd_views.mute(request, key)
    return render(request, "comments/mute.html", {"content_object": target})


def _held(request, comment):
    return render(request, "django_comments_xtd/moderated.html", {"comment": comment})


def _published_comment(comment_id):
    comment = get_object_or_404(Comment.objects.select_related(None), pk=comment_id, state=Comment.State.APPROVED)
    target = comment.content_object
    if target is None or not getattr(target, "is_public", True):
        raise Http404("No such comment.")
    return comment, target


def reply(request, cid):
    """xtd's reply page (the no-JavaScript way to reply), for published comments only."""
    comment, target = _published_comment(cid)
    if not comments_open(target):
        return refuse(request, "closed", target)
    if not comment.allow_thread():
        return refuse(request, "too_deep", target)
    return xtd_views.reply(request, cid)


def _feedback_view(xtd_view):
    def view(request, comment_id, **kwargs):
        _published_comment(comment_id)
        return xtd_view(request, comment_id, **kwargs)

    view.__name__ = xtd_view.__name__
    view.__doc__ = f"xtd's {xtd_view.__name__} view, for published comments only."
    return view


flag = _feedback_view(xtd_views.flag)
like = _feedback_view(xtd_views.like)
dislike = _feedback_view(xtd_views.dislike)


def api_switched_off(request, *args, **kwargs):
    raise Http404("The comments API is not available.")


def content_redirect(request, content_type_id, object_pk):
    from django.contrib.contenttypes.models import ContentType

    try:
        content_type = ContentType.objects.get_for_id(int(content_type_id))
    except (ContentType.DoesNotExist, ValueError):
        raise Http404("Nothing here.") from None
    target = resolve_target(f"{content_type.app_label}.{content_type.model}", object_pk)
    if target is None:
        raise Http404("Nothing here.")
    return redirect(target)


def in_context(request, comment_id):
    """A comment's place in its conversation (the right comment page); held ones for staff only."""
    comment = get_object_or_404(Comment, pk=comment_id)
    if comment.is_visible:
        return redirect(comment)
    if not (request.user.is_authenticated and request.user.is_staff):
        raise Http404("No such comment.")
    if comment.level > 0:
        parent = Comment.objects.filter(pk=comment.parent_id).first()
        if parent is not None and parent.is_visible:
            return redirect(parent)
    target = comment.content_object
    if target is None:
        raise Http404("The post is gone.")
    return redirect(target.get_absolute_url() + "#comments")


@csrf_protect
@login_required
@require_POST
def mark_answer(request, comment_id):
    """The post's author marks (or unmarks) her reply as the answer to its conversation."""
    comment = get_object_or_404(Comment, pk=comment_id)
    if not services.can_mark_answer(comment=comment, user=request.user):
        raise PermissionDenied("Only the post's author can mark the answer.")
    try:
        if request.POST.get("action") == "unmark":
            services.comment_unmark_answer(comment=comment, user=request.user)
            messages.success(request, "That reply is no longer marked as the answer.")
        else:
            services.comment_mark_answer(comment=comment, user=request.user)
            messages.success(request, "Marked as the answer: it now shows first in its conversation.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(comment) if comment.is_visible else redirect("comments:in_context", comment.pk)


# --- Moderators outside the admin (django_comments' approve and delete links) -------------


def _moderation_action(service, template, done_url):
    @csrf_protect
    @login_required
    @permission_required("django_comments.can_moderate", raise_exception=True)
    def view(request, comment_id):
        comment = get_object_or_404(Comment, pk=comment_id)
        if request.method == "POST":
            try:
                service(comment=comment, moderator=request.user)
            except ValidationError as exc:
                return render(request, template, {"comment": comment, "error": " ".join(exc.messages)}, status=409)
            return redirect(reverse(done_url) + f"?c={comment.pk}")
        return render(request, template, {"comment": comment})

    return view


approve = _moderation_action(services.comment_approve, "comments/approve.html", "comments-approve-done")
delete = _moderation_action(services.comment_remove, "comments/delete.html", "comments-delete-done")


# --- Identicons -------------------------------------------------------------------------------


@require_GET
@cache_control(public=True, max_age=31536000, immutable=True)
def identicon(request, key):
    return HttpResponse(identicon_svg(key), content_type="image/svg+xml")


# --- A logged-in reader's own comments --------------------------------------------------------


@login_required
def my_comments(request):
    comments = (
        Comment.objects.filter(user=request.user)
        .exclude(state=Comment.State.SPAM)
        .prefetch_related("content_object")
        .order_by("-submit_date")
    )
    rows = [(comment, services.can_edit(comment, request.user)) for comment in comments]
    return render(request, "comments/mine.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def edit_comment(request, comment_id):
    comment = get_object_or_404(Comment, pk=comment_id, user=request.user)
    if not services.can_edit(comment, request.user):
        messages.error(request, "That comment can no longer be edited.")
        return redirect("comments:mine")
    error = ""
    if request.method == "POST":
        try:
            comment = services.comment_edit(comment=comment, editor=request.user, text=request.POST.get("comment", ""))
        except ValidationError as exc:
            error = "; ".join(exc.messages)
        else:
            if comment.state == Comment.State.APPROVED:
                messages.success(request, "Your comment was updated.")
                return redirect(comment)
            messages.info(request, "Your comment was updated and waits for a moderator to look at it.")
            return redirect("comments:mine")
    return render(request, "comments/edit.html", {"comment": comment, "error": error})


@guard_exempt  # a reader may always delete their own comment, even on a post that was withdrawn
@login_required
@require_POST
def delete_own_comment(request, comment_id):
    comment = get_object_or_404(Comment, pk=comment_id, user=request.user)
    try:
        services.comment_delete_own(comment=comment, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Your comment was deleted. Replies to it stay, under a “removed” note.")
    return redirect("comments:mine")


# --- Readers without an account: see or erase their comments through an emailed link --------


@csrf_protect
@require_http_methods(["GET", "POST"])
def data_request(request):
    from django import forms
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    class DataRequestForm(forms.Form):
        email = forms.EmailField(
            label="Email address you commented with",
            max_length=254,
            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        )

    form = DataRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempt = count_attempt(request, scope="data-request")
        if attempt.refused:
            return refuse(request, "rate", retry_after=attempt.retry_after)
        email = form.cleaned_data["email"]
        if Comment.objects.filter(user_email__iexact=email).exists():
            token = services.data_link_create(email=email)
            link = settings.SITE_URL + reverse("comments:my_data", kwargs={"token": token})
            context = {"link": link, "hours": setting("COMMENTS_DATA_LINK_HOURS"), "site_name": settings.SITE_NAME}
            send_mail(
                subject=f"[{settings.SITE_NAME}] Your comments",
                message=render_to_string("comments/email/data_link.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[email],
                fail_silently=True,
            )
        # The same answer whether or not we hold anything: the page must not reveal who commented.
        return render(request, "comments/data_request_sent.html", {"email": email})
    return render(request, "comments/data_request.html", {"form": form})


@csrf_protect
@require_http_methods(["GET", "POST"])
def my_data(request, token):
    """What a data link opens: the comments, a download, and erasure — which only a POST does, once."""
    try:
        link = services.data_link_open(token=token)
    except services.DataLinkRefused as refused:
        return refuse(request, f"data_link_{refused.reason}")
    comments = Comment.objects.filter(user_email__iexact=link.email).prefetch_related("content_object")
    if request.method == "POST":
        ids = None
        if request.POST.get("action") != "erase-all":
            ids = [int(value) for value in request.POST.getlist("comment") if value.isdigit() and len(value) < 19]
        try:
            erased = services.data_link_erase(token=token, comment_ids=ids)
        except services.DataLinkRefused as refused:
            return refuse(request, f"data_link_{refused.reason}")
        return render(request, "comments/my_data_erased.html", {"erased": erased})
    if request.GET.get("format") == "json":
        export = [
            {
                "post": str(comment.content_object),
                "url": comment.content_object.get_absolute_url() if comment.content_object else "",
                "submitted": comment.submit_date.isoformat(),
                "state": comment.state,
                "name": comment.user_name,
                "website": comment.user_url,
                "text": comment.comment,
            }
            for comment in comments
        ]
        response = JsonResponse({"email": link.email, "exported": timezone.now().isoformat(), "comments": export})
        response["Content-Disposition"] = 'attachment; filename="my-comments.json"'
        return response
    return render(
        request, "comments/my_data.html", {"email": link.email, "comments": comments, "expires_at": link.expires_at}
    )


@never_cache
@require_GET
def form_stamp(request, post_id):
    """The comment form's CSRF token, timestamp and hash, for the form on a cached post page."""
    post = get_object_or_404(Post.objects.published(), pk=post_id)
    security = get_form()(post).generate_security_data()
    return JsonResponse(
        {"csrf": get_token(request), "timestamp": security["timestamp"], "security_hash": security["security_hash"]}
    )
