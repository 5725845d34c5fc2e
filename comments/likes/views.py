"""Like and unlike a post: a POST form without JavaScript, the same URL with fetch (JSON back)."""

from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from comments.likes.services import post_like, post_unlike
from comments.threads import Likes
from posts.models import Post


def _back(request, post):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return post.get_absolute_url() + "#likes"


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@csrf_protect
@require_POST
def like_post(request, post_id):
    post = get_object_or_404(Post.objects.published(), pk=post_id)
    if not request.user.is_authenticated:
        # Readers without an account log in first and come back to the post.
        return redirect_to_login(post.get_absolute_url() + "#likes")
    if request.POST.get("action") == "unlike":
        summary = post_unlike(user=request.user, post=post)
        liked = False
    else:
        summary = post_like(user=request.user, post=post)
        liked = True
    if wants_json(request):
        likes = Likes(count=summary.count, faces=summary.faces, liked=liked)
        context = {"post": post, "likes": likes}
        return JsonResponse(
            {
                "liked": liked,
                "count": summary.count,
                "summary": render_to_string("comments/likes/summary.html", context, request=request),
            }
        )
    return redirect(_back(request, post))
