"""Settings for the test suite: production settings plus what a test run needs.

Tests run with DEBUG=False, like production, but over plain HTTP on loopback.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "x7Qp2mZ9rT4vB8nK1sL6wJ3hD5fG0cYa")
os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SITE_URL", "http://testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
os.environ.setdefault("SESSION_COOKIE_SECURE", "False")
os.environ.setdefault("CSRF_COOKIE_SECURE", "False")
os.environ.setdefault("EMAIL_URL", "consolemail://")
# Playwright's sync API (browser tests) runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from clinic_blog.settings import *  # noqa: E402, F403

# The suite runs on one machine with no web server in front: Django serves uploads (as SERVE_MEDIA=True
# would in production) unless a test's environment puts them in a bucket.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=not MEDIA_S3_BUCKET)  # noqa: F405

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
COMMENTS_XTD_THREADED_EMAILS = False
# Each test run gets its own media folder, so concurrent runs never delete each other's files.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="clinic-blog-test-media-"))
for _alias in DATABASES:  # noqa: F405
    DATABASES[_alias]["CONN_MAX_AGE"] = 0  # noqa: F405
