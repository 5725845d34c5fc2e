"""Follow the blog by email: ask, confirm from the emailed link's page, leave with one click."""

from allauth.core import ratelimit
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from notifications import services
from notifications.forms import FollowForm


def safe_next(request):
    """Where to offer to go back to: a page of this site only (an off-site ``next`` is ignored)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def follow(request):
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    form = FollowForm(request.POST or None, initial=initial)
    back = safe_next(request)
    if request.method == "POST" and form.is_valid():
        email = services.normalise_email(form.cleaned_data["email"])
        if not ratelimit.consume(request, action="follow", key=email):
            return render(request, "429.html", status=429)
        services.subscriber_request(email=email, user=request.user)
        # The same answer whether or not the address already follows: the page reveals nothing.
        return render(request, "notifications/follow_sent.html", {"back": back})
    status = 400 if form.errors else 200
    return render(request, "notifications/follow.html", {"form": form, "back": back}, status=status)


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The emailed link opens this page; only its button (a POST) confirms, so mail scanners cannot."""
    subscriber = services.subscriber_from_token(token, purpose="confirm")
    if subscriber is None:
        return render(request, "notifications/bad_link.html", status=400)
    if request.method == "POST":
        services.subscriber_confirm(subscriber=subscriber)
        return render(request, "notifications/confirmed.html")
    return render(request, "notifications/confirm.html", {"already": subscriber.status == subscriber.Status.ACTIVE})


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no cookies; the signed link is the proof
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscriber = services.subscriber_from_token(token, purpose="unsubscribe")
    if subscriber is None:
        return render(request, "notifications/bad_link.html", status=400)
    if request.method == "POST":
        services.subscriber_unsubscribe(subscriber=subscriber)
        return render(request, "notifications/unsubscribed.html")
    return render(request, "notifications/unsubscribe.html")
