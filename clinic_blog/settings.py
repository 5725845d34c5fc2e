"""Clinic Blog settings, read from the environment.

One module serves every deployment: ``DEBUG=False`` (the default) is production
and refuses to start on an unsafe configuration; ``make run`` sets ``DEBUG=True``.
See the README's configuration table for every variable.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# --- Secrets and hosts -----------------------------------------------------------
DEVELOPMENT_SECRET_KEY = "django-insecure-development-key-only-for-debug-runs-0123456789"
if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
else:
    # Production reads SECRET_KEY with no fallback and refuses the development key.
    SECRET_KEY = env("SECRET_KEY")
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured("SECRET_KEY is the development key; set a real one.")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 varied characters.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="Clinic Blog")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

# --- Applications ----------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.redirects",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "rest_framework",
    "django_comments_xtd",
    "django_comments",
    "posts",
    "posts.search",
    "comments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Old slugs and imported permalinks: consulted only when a page would be a 404.
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
]

ROOT_URLCONF = "clinic_blog.urls"
WSGI_APPLICATION = "clinic_blog.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "posts.context_processors.site",
            ],
        },
    },
]

# --- Data ------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if env.str("CACHE_URL", default="") or env.str("REDIS_URL", default=""):
    CACHES = {"default": env.cache_url("CACHE_URL" if env.str("CACHE_URL", default="") else "REDIS_URL")}
    CACHE_CONFIGURED = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CACHE_CONFIGURED = False

# --- Email -----------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Clinic Blog <blog@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Auth ------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="optional")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# Fills name, email and avatar from the provider (the avatar copied to our own storage).
SOCIALACCOUNT_ADAPTER = "comments.adapters.SocialAccountAdapter"

# --- Static and media ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Serve uploaded media through Django (fine for one machine; turn off behind object storage or a CDN).
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Internationalisation --------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

# --- Security --------------------------------------------------------------------
# Behind a TLS-terminating proxy, X-Forwarded-Proto tells Django the request was HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Content ---------------------------------------------------------------------
POSTS_PER_PAGE = 10
# A table of contents is shown for posts with at least this many headings.
POSTS_TOC_MIN_HEADINGS = env.int("POSTS_TOC_MIN_HEADINGS", default=3)
POSTS_WORDS_PER_MINUTE = 220
TAGGIT_CASE_INSENSITIVE = True
# Related reading under each post is cached this long (any post change starts afresh).
RELATED_READING_CACHE_SECONDS = env.int("RELATED_READING_CACHE_SECONDS", default=3600)
# Search: results a page; daily search counts older than this are folded into monthly totals.
SEARCH_RESULTS_PER_PAGE = max(1, env.int("SEARCH_RESULTS_PER_PAGE", default=20))
SEARCH_COUNTS_KEEP_DAYS = env.int("SEARCH_COUNTS_KEEP_DAYS", default=90)
# Health content not reviewed for this many months is listed as overdue in the admin.
REVIEW_OVERDUE_MONTHS = env.int("REVIEW_OVERDUE_MONTHS", default=12)

# --- Comments (django-comments-xtd) ----------------------------------------------
COMMENTS_APP = "django_comments_xtd"
# Three visible levels, as WordPress counts them: levels 0, 1 and 2.
COMMENTS_XTD_MAX_THREAD_LEVEL = env.int("COMMENTS_MAX_THREAD_LEVEL", default=2)
COMMENTS_XTD_CONFIRM_EMAIL = True
COMMENTS_XTD_SALT = env.str("COMMENTS_XTD_SALT", default=SECRET_KEY[:24]).encode()
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="clinic@localhost")
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "posts.post": {
        "allow_flagging": True,
        "allow_feedback": True,
        "show_feedback": True,
        "who_can_post": "all",
    },
    "default": {
        "allow_flagging": False,
        "allow_feedback": False,
        "show_feedback": False,
        "who_can_post": "all",
    },
}
COMMENTS_XTD_MODEL = "comments.models.Comment"
COMMENTS_XTD_FORM_CLASS = "comments.forms.CommentForm"
COMMENTS_XTD_MAX_THREAD_LEVEL_BY_APP_MODEL = {"posts.post": env.int("COMMENTS_POST_MAX_THREAD_LEVEL", default=2)}
# Mail leaves through the outbox below, so xtd never needs its own sending threads.
COMMENTS_XTD_THREADED_EMAILS = False
COMMENTS_XTD_DEFAULT_FOLLOWUP = False
COMMENT_MAX_LENGTH = env.int("COMMENT_MAX_LENGTH", default=3000)
COMMENTS_TIMEOUT = env.int("COMMENTS_FORM_MAX_AGE", default=2 * 60 * 60)  # seconds a served form stays valid
# Reading: top-level threads per page, and which come first ("oldest" or "newest").
COMMENTS_PER_PAGE = env.int("COMMENTS_PER_PAGE", default=50)
COMMENTS_ORDER = env.str("COMMENTS_ORDER", default="oldest")
COMMENTS_GRAVATAR = env.bool("COMMENTS_GRAVATAR", default=False)
# Moderation rules (comments/moderation.py); word lists are comma-separated.
COMMENTS_HOLD_FIRST_COMMENT = env.bool("COMMENTS_HOLD_FIRST_COMMENT", default=True)
COMMENTS_HOLD_LINKS = env.int("COMMENTS_HOLD_LINKS", default=2)
COMMENTS_MODERATION_WORDS = env.list("COMMENTS_MODERATION_WORDS", default=[])
COMMENTS_DISALLOWED_WORDS = env.list("COMMENTS_DISALLOWED_WORDS", default=[])
COMMENTS_MIN_SECONDS = env.int("COMMENTS_MIN_SECONDS", default=3)
COMMENTS_RATE_PER_MINUTE = env.int("COMMENTS_RATE_PER_MINUTE", default=5)
COMMENTS_RATE_PER_HOUR = env.int("COMMENTS_RATE_PER_HOUR", default=30)
COMMENTS_CLOSE_AFTER_DAYS = env.int("COMMENTS_CLOSE_AFTER_DAYS", default=0)
COMMENTS_NOTIFY_AUTHOR = env.bool("COMMENTS_NOTIFY_AUTHOR", default=True)
# Readers' own comments and privacy.
COMMENTS_EDIT_MINUTES = env.int("COMMENTS_EDIT_MINUTES", default=15)
COMMENTS_IP_RETENTION_DAYS = env.int("COMMENTS_IP_RETENTION_DAYS", default=30)
COMMENTS_DATA_LINK_HOURS = env.int("COMMENTS_DATA_LINK_HOURS", default=48)
# Proxies (addresses or networks, e.g. "10.0.0.0/8") whose X-Forwarded-For names the real client.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# Email waits in a database outbox and `manage.py send_queued_mail --loop` sends it with the
# backend from EMAIL_URL, so no request waits on SMTP and a restart loses nothing.
MAIL_OUTBOX = env.bool("MAIL_OUTBOX", default=not DEBUG)
MAIL_OUTBOX_BACKEND = EMAIL_BACKEND  # noqa: F821 (set above from EMAIL_URL)
MAIL_OUTBOX_MAX_ATTEMPTS = env.int("MAIL_OUTBOX_MAX_ATTEMPTS", default=8)
MAIL_OUTBOX_KEEP_DAYS = env.int("MAIL_OUTBOX_KEEP_DAYS", default=30)
if MAIL_OUTBOX:
    EMAIL_BACKEND = "comments.mail.OutboxEmailBackend"

# --- Logging ---------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
