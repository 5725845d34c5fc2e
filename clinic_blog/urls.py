from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from posts.sitemaps import sitemaps
from posts.urls import page_urlpatterns

from . import views

# A database that is down or restarting answers 503 (templates/503.html), anything else 500.
handler500 = "clinic_blog.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("comments/", include("comments.urls")),
    path("page-cache/", include("posts.pagecache.urls")),
    path("comments/", include("comments.xtd_urls")),
    path("plans/", include("posts.plans.urls")),
    path("notifications/", include("notifications.urls")),
    path("search/", include("posts.search.urls")),
    path("", include("posts.urls")),
]
if settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", views.serve_media),
    ]
# Pages come last: /<slug>/ must never shadow another route.
urlpatterns += [path("", include((page_urlpatterns, "pages")))]
