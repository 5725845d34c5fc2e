"""django-comments-xtd's URLs (and django_comments' under them), each view behind ``comments.guard``."""

from django_comments_xtd import urls as xtd_urls

from .guard import guard_patterns

urlpatterns = guard_patterns(xtd_urls.urlpatterns)
