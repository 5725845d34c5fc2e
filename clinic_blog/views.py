import sys

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseServerError, JsonResponse
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from notifications.queue import queue_state


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 otherwise.

    ``"cache"`` says whether a configured cache (Redis) answers, ``"queue"`` whether background
    work keeps up ("stalled" when the oldest waiting task is older than ``TASK_STALLED_AFTER``).
    Pages are still served without either (clinic_blog/cache.py), so a load balancer keeps this app
    server then; ``?strict=1`` (the operator's monitor) answers 503 for them too.
    """
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # any failure means unhealthy, whatever the driver raised
        checks["database"] = f"error: {type(exc).__name__}"
    healthy = checks["database"] == "ok"
    strict = request.GET.get("strict") == "1"
    if settings.CACHE_CONFIGURED:
        try:
            cache.set("healthz", "ok", 10)
            checks["cache"] = "ok" if cache.get("healthz") == "ok" else "error: no round trip"
        except Exception as exc:
            checks["cache"] = f"error: {type(exc).__name__}"
        if strict and checks["cache"] != "ok":
            healthy = False
    if checks["database"] == "ok":
        try:
            checks["queue"] = queue_state()
        except Exception as exc:  # the queue's tables or broker do not answer
            checks["queue"] = f"error: {type(exc).__name__}"
        if strict and checks["queue"] != "ok":
            healthy = False
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /comments/",
        "Disallow: /search/",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


# Media files whose names are content hashes (the media library's folders): a changed file gets a
# new name, so a browser or CDN may keep these for a year without asking again.
HASHED_MEDIA_PREFIXES = ("images/", "videos/")


@require_GET
def serve_media(request, path):
    """Uploaded files on one machine (``SERVE_MEDIA``), with caching that suits their names."""
    from django.utils.cache import patch_cache_control
    from django.views.static import serve

    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if path.startswith(HASHED_MEDIA_PREFIXES):
        patch_cache_control(response, public=True, max_age=settings.MEDIA_CACHE_SECONDS, immutable=True)
    else:
        patch_cache_control(response, public=True, max_age=3600)
    return response


@require_GET
def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever the page says; the SVG icon answers."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


# Raised when PostgreSQL is down or restarting (connection refused, terminated by the administrator).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """Django's 500 handler, except while the database is unreachable: then a 503 page with
    ``Retry-After``, so proxies and readers know to come back (the error is still logged)."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_UNAVAILABLE) or (
        isinstance(exception, DatabaseError) and isinstance(exception.__cause__, DATABASE_UNAVAILABLE)
    ):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template(template_name).render())
