"""Clinic Blog settings, read from the environment.

One module serves every deployment: ``DEBUG=False`` (the default) is production
and refuses to start on an unsafe configuration; ``make run`` sets ``DEBUG=True``.
See the README's configuration table for every variable.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from js_asset import static_lazy

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
# The site's public address: links in emails and feeds, CSRF origins, the Sites domain. Production
# must say it; a default would mail links to 127.0.0.1 and refuse the real origin's forms.
if DEBUG:
    SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
else:
    SITE_URL = env.str("SITE_URL", default="").rstrip("/")
    if not SITE_URL:
        raise ImproperlyConfigured("SITE_URL is required with DEBUG=False (e.g. https://blog.example.org).")
    if not (SITE_URL.startswith(("https://", "http://")) and urlsplit(SITE_URL).netloc):
        raise ImproperlyConfigured("SITE_URL must be an absolute http(s) address, like https://blog.example.org.")
SITE_NAME = env.str("SITE_NAME", default="Clinic Blog")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

# --- Applications ----------------------------------------------------------------
INSTALLED_APPS = [
    # Django's admin with the clinic's site (branding, dashboard, allauth sign-in): clinic_blog/admin_site.py
    "clinic_blog.apps.ClinicAdminConfig",
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
    "django.forms",
    "django.contrib.postgres",
    "taggit",
    "reversion",
    "django_prose_editor",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    # Social providers: each shows a button only once the operator gives its keys (below).
    "allauth.socialaccount.providers.twitter_oauth2",
    "allauth.socialaccount.providers.facebook",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.openid_connect",
    "comments.providers.wordpress_com",
    "rest_framework",
    "django_comments_xtd",
    "django_comments",
    "posts",
    "posts.plans",
    "posts.reviews",
    "posts.search",
    "posts.wordpress",
    "posts.pagecache",
    "comments",
    "notifications",
    # The task queue (mail, announcements, reminders, purges): notifications/queue.py.
    "django_q",
]

MIDDLEWARE = [
    # First: a cached page for an anonymous reader is answered before anything else runs.
    "posts.pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the database: decides whether this request may read from a replica.
    "clinic_blog.replicas.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy (django-csp): the public policy, or the admin's under /admin/.
    "clinic_blog.csp.ClinicCSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Old slugs and imported permalinks: consulted only when a page would be a 404.
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
    # WordPress's "/?p=123" and "/?page_id=45" links to imported posts and pages.
    "posts.wordpress.middleware.WordPressIdRedirectMiddleware",
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
# Widget templates come from the project's templates too (the admin's date/time widget carries labels).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Data ------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`: the web server and the background worker write to one file. Write-ahead logging lets
    # readers go on during a write, IMMEDIATE transactions queue writers instead of failing them with
    # "database is locked", and a writer waits up to 20 s for its turn.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=20, init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
# Read replicas (streaming standbys of the primary): reads spread over them, writes go to the
# primary, and a reader who just wrote reads from the primary for REPLICA_PIN_SECONDS.
for _number, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    DATABASES[f"replica_{_number}"] = {**env.db_url_config(_url), "TEST": {"MIRROR": "default"}}
for _alias in DATABASES:
    DATABASES[_alias].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES[_alias]["CONN_HEALTH_CHECKS"] = True
DATABASE_ROUTERS = ["clinic_blog.replicas.PrimaryReplicaRouter"]
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=10)
REPLICA_RETRY_SECONDS = env.int("REPLICA_RETRY_SECONDS", default=30)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits (comments, subscriptions, allauth's login limits) must be shared by every process:
# in Redis when there is one; otherwise, in production, in a database table with atomic
# counters (comments/counters.py), with allauth's keys routed there from the default cache.
# With Redis, clinic_blog/cache.py keeps the site up while Redis is unreachable: reads miss, rate
# limits fall back to those database counters ("counters"), lasting writes are written afterwards.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=3.0)
REDIS_RETRY_SECONDS = env.float("REDIS_RETRY_SECONDS", default=10.0)  # after a failure, before trying again


def _resilient(config, fallback_prefixes):
    if config["BACKEND"] != "django.core.cache.backends.redis.RedisCache":
        return config  # another cache server: as configured
    options = {
        "socket_connect_timeout": min(REDIS_SOCKET_TIMEOUT, 1.0),
        "socket_timeout": REDIS_SOCKET_TIMEOUT,
        **config.get("OPTIONS", {}),
        "RETRY_SECONDS": REDIS_RETRY_SECONDS,
        "FALLBACK": "counters",
        "FALLBACK_PREFIXES": fallback_prefixes,
    }
    return {**config, "BACKEND": "clinic_blog.cache.ResilientRedisCache", "OPTIONS": options}


if env.str("CACHE_URL", default="") or env.str("REDIS_URL", default=""):
    _cache_setting = "CACHE_URL" if env.str("CACHE_URL", default="") else "REDIS_URL"
    try:
        _shared_cache = env.cache_url(_cache_setting)
    except Exception as error:  # django-environ: an unknown scheme
        raise ImproperlyConfigured(f"{_cache_setting} is not a cache address: {error}") from None
    if not DEBUG and _shared_cache["BACKEND"] != "django.core.cache.backends.redis.RedisCache":
        # Local memory or a file is per process or per machine (each worker would count its own
        # limits); the database and dummy caches are not atomic: limits would not hold.
        raise ImproperlyConfigured(
            f"{_cache_setting} must name Redis (redis:// or rediss://) in production, not "
            f"{_shared_cache['BACKEND'].rsplit('.', 1)[-1]}: rate limits and the page cache need one cache "
            "every worker shares, with atomic counters. Without Redis, leave CACHE_URL and REDIS_URL unset "
            "(limits then use a database table)."
        )
    CACHES = {
        "default": _resilient(_shared_cache, ["allauth:rl:"]),
        "ratelimit": _resilient(_shared_cache, [""]),
        "counters": {"BACKEND": "comments.counters.DatabaseCounterCache"},
    }
    CACHE_CONFIGURED = True
elif DEBUG and not env.bool("SHARED_LIMITS", default=False):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CACHES["ratelimit"] = CACHES["default"]  # one runserver process: nothing to share
    CACHE_CONFIGURED = False
else:
    CACHES = {
        "default": {"BACKEND": "comments.counters.LimitsRoutingCache"},
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": {"BACKEND": "comments.counters.DatabaseCounterCache"},
    }
    CACHE_CONFIGURED = False

# --- Page cache (posts/pagecache/): whole public pages for anonymous readers ------------------
# It needs a cache every process shares: Redis (REDIS_URL / CACHE_URL), or local memory under the
# development server (one process). Production without a shared cache keeps it off.
PAGE_CACHE = env.bool("PAGE_CACHE", default=CACHE_CONFIGURED or DEBUG)
if PAGE_CACHE and not CACHE_CONFIGURED and not DEBUG:
    raise ImproperlyConfigured("PAGE_CACHE needs a cache shared by every worker: set REDIS_URL (or CACHE_URL).")
CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages", "TIMEOUT": None}
if not CACHE_CONFIGURED:
    CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}
PAGE_CACHE_ALIAS = "pages"
# How long the app keeps a page (shorter when a scheduled post goes live sooner).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# Cache-Control for anonymous pages: browsers revalidate (ETag, 304); shared caches keep them this long.
PAGE_CACHE_BROWSER_MAX_AGE = env.int("PAGE_CACHE_BROWSER_MAX_AGE", default=0)
PAGE_CACHE_SHARED_MAX_AGE = env.int("PAGE_CACHE_SHARED_MAX_AGE", default=10)
# Who else holds copies: "posts.pagecache.purge.NoPurge", "posts.pagecache.purge.NginxRefresh"
# with PAGE_CACHE_PURGE_URL (nginx as the app reaches it, deploy/nginx/clinic-blog.conf), or
# "posts.pagecache.purge.HttpPurge": a CDN's purge API, set by the PAGE_CACHE_PURGE_* values below.
PAGE_CACHE_PURGE = env.str("PAGE_CACHE_PURGE", default="posts.pagecache.purge.NoPurge")
PAGE_CACHE_PURGE_URL = env.str("PAGE_CACHE_PURGE_URL", default="http://127.0.0.1:80")
PAGE_CACHE_HOST = env.str("PAGE_CACHE_HOST", default=SITE_URL.split("://", 1)[-1])
# HttpPurge: PAGE_CACHE_PURGE_METHOD to PAGE_CACHE_PURGE_ENDPOINT with the JSON body
# {PAGE_CACHE_PURGE_BODY_KEY: [absolute URLs]}, at most PAGE_CACHE_PURGE_BATCH URLs a request, and
# "PAGE_CACHE_PURGE_AUTH_HEADER: PAGE_CACHE_PURGE_AUTH" when PAGE_CACHE_PURGE_AUTH (a secret) is set.
PAGE_CACHE_PURGE_ENDPOINT = env.str("PAGE_CACHE_PURGE_ENDPOINT", default="")
PAGE_CACHE_PURGE_METHOD = env.str("PAGE_CACHE_PURGE_METHOD", default="POST").upper()
PAGE_CACHE_PURGE_BODY_KEY = env.str("PAGE_CACHE_PURGE_BODY_KEY", default="files")
PAGE_CACHE_PURGE_BATCH = env.int("PAGE_CACHE_PURGE_BATCH", default=30)
PAGE_CACHE_PURGE_AUTH_HEADER = env.str("PAGE_CACHE_PURGE_AUTH_HEADER", default="Authorization")
PAGE_CACHE_PURGE_AUTH = env.str("PAGE_CACHE_PURGE_AUTH", default="")
if PAGE_CACHE_PURGE == "posts.pagecache.purge.HttpPurge":
    try:
        _endpoint = urlsplit(PAGE_CACHE_PURGE_ENDPOINT.strip())
    except ValueError:
        _endpoint = urlsplit("")
    if _endpoint.scheme not in ("http", "https") or not _endpoint.hostname:
        raise ImproperlyConfigured(
            "PAGE_CACHE_PURGE=posts.pagecache.purge.HttpPurge needs PAGE_CACHE_PURGE_ENDPOINT, "
            "the purge API's http:// or https:// address."
        )
    if not PAGE_CACHE_PURGE_METHOD.isalpha() or PAGE_CACHE_PURGE_BATCH < 1:
        raise ImproperlyConfigured(
            "PAGE_CACHE_PURGE_METHOD must be one word (POST, PURGE…) and PAGE_CACHE_PURGE_BATCH at least 1."
        )
PAGE_CACHE_QUERY_KEYS = ["page", "cpage"]
PAGE_CACHE_URL_NAMES = [
    *(f"posts:{name}" for name in ("list", "tag", "tag_feed", "category", "category_feed", "author", "month")),
    *(f"posts:{name}" for name in ("detail", "feed", "feed_atom")),
    *(f"posts:{kind}_{view}" for kind in ("anatomy", "condition", "exercise") for view in ("list", "detail")),
    "pages:detail",
    "comments:post_feed",
    "sitemap",
]
# Writes to these (app label, or app_label.Model) refresh cached pages.
PAGE_CACHE_CONTENT_MODELS = [
    "posts",
    "taggit",
    "sites",
    "redirects",
    "comments.Comment",
    "comments.LikeSummary",
    "comments.ReaderAvatar",
    "django_comments.CommentFlag",
    "django_comments_xtd.XtdComment",
]

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
LOGIN_URL = "account_login"  # the admin signs staff in here too (allauth's rate limits and second factor)

ACCOUNT_ADAPTER = "comments.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "comments.accounts.signup_forms.ReaderSignupForm"
ACCOUNT_FORMS = {"login": "comments.accounts.forms.ReaderLoginForm"}
ACCOUNT_USER_DISPLAY = "comments.adapters.display_name"
# Local accounts prove their address before they can log in; see SOCIALACCOUNT_EMAIL_VERIFICATION.
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
# Following the emailed link logs in, but only in the browser that signed up (allauth's rule).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# allauth's own limits (its defaults, written out), counted per real client address
# (comments.adapters.AccountAdapter.get_client_ip) in the cache. "follow" limits blog subscriptions.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/180s/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    "follow": "10/h/ip,3/h/key",
}
# Fills name, email and avatar from the provider (the avatar copied to our own storage).
SOCIALACCOUNT_ADAPTER = "comments.adapters.SocialAccountAdapter"
# Two-factor authentication for staff (and anyone who wants it): an authenticator app plus recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default=SITE_NAME)

SOCIALACCOUNT_FORMS = {"signup": "comments.accounts.forms.ProviderEmailForm"}
# A provider that marks the address verified logs into the existing account with that address
# (and is connected to it); any other match is asked to log in first and connect.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# A provider without an email (X) asks for one once; a social login is in at once, and an
# address the provider did not verify is used for comments only after it is confirmed.
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "optional"
SOCIALACCOUNT_QUERY_EMAIL = True
SOCIALACCOUNT_STORE_TOKENS = False


def social_app(prefix, **settings_):
    """One provider's app from SOCIAL_<PREFIX>_CLIENT_ID / _SECRET, or None when either is missing."""
    client_id = env.str(f"SOCIAL_{prefix}_CLIENT_ID", default="")
    secret = env.str(f"SOCIAL_{prefix}_SECRET", default="")
    if not (client_id and secret):
        return None
    return {"client_id": client_id, "secret": secret, "key": "", **settings_}


SOCIALACCOUNT_PROVIDERS = {
    "twitter_oauth2": {"SCOPE": ["users.read", "tweet.read"]},
    "facebook": {
        "METHOD": "oauth2",  # never Facebook's JavaScript SDK: nothing loads from Facebook before a click
        "SCOPE": ["email", "public_profile"],
        "FIELDS": ["id", "email", "name", "first_name", "last_name", "picture.type(large)"],
    },
    "google": {"SCOPE": ["profile", "email"], "AUTH_PARAMS": {"access_type": "online"}},
    "wordpress_com": {"SCOPE": ["auth"]},
    "openid_connect": {},
}
for _provider, _app in {
    "twitter_oauth2": social_app("X"),
    "facebook": social_app("FACEBOOK"),
    "google": social_app("GOOGLE"),
    "wordpress_com": social_app("WORDPRESS"),
    "openid_connect": social_app(
        "OIDC",
        provider_id=env.str("SOCIAL_OIDC_ID", default="oidc"),
        name=env.str("SOCIAL_OIDC_NAME", default="OpenID Connect"),
        settings={"server_url": env.str("SOCIAL_OIDC_SERVER_URL", default="")},
    )
    if env.str("SOCIAL_OIDC_SERVER_URL", default="")
    else None,
}.items():
    if _app is not None:
        SOCIALACCOUNT_PROVIDERS[_provider]["APPS"] = [_app]

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
# Object storage for uploads (S3 or any S3-compatible service, through django-storages): set a bucket
# and every upload, rendition and imported file goes there; a CDN's domain serves them.
MEDIA_S3_BUCKET = env.str("MEDIA_S3_BUCKET", default="")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env.str("MEDIA_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("MEDIA_S3_REGION", default="") or None,
            "access_key": env.str("MEDIA_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("MEDIA_S3_SECRET_ACCESS_KEY", default="") or None,
            "custom_domain": env.str("MEDIA_S3_CUSTOM_DOMAIN", default="") or None,
            "url_protocol": env.str("MEDIA_S3_URL_PROTOCOL", default="https:"),
            "location": env.str("MEDIA_S3_PREFIX", default=""),
            # Public, unsigned URLs (uploads are public images) that never change: a name is never reused.
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": None,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
# Serve uploaded media through Django: on by default only with DEBUG=True. In production the web
# server serves MEDIA_ROOT (README "Deploying with gunicorn" has the nginx block) or object storage
# does; SERVE_MEDIA=True is the explicit choice for a single small machine.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG and not MEDIA_S3_BUCKET)
# The media library (posts/media/): uploads over these limits get a form error, never a 500.
MEDIA_IMAGE_MAX_MB = env.int("MEDIA_IMAGE_MAX_MB", default=10)
MEDIA_IMAGE_MAX_PIXELS = env.int("MEDIA_IMAGE_MAX_PIXELS", default=50_000_000)  # decompression bombs stop here
MEDIA_VIDEO_MAX_MB = env.int("MEDIA_VIDEO_MAX_MB", default=200)
# Files under MEDIA_URL have content-hashed names, so they may be cached for a year.
MEDIA_CACHE_SECONDS = env.int("MEDIA_CACHE_SECONDS", default=365 * 24 * 60 * 60)
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

# Content-Security-Policy (django-csp 4, README "Security"). No 'unsafe-inline' and no nonces on
# public pages (they are cached whole and shared): every script and style is a file under /static/.
# Images and videos may also come from the media host when uploads live in object storage or a CDN.
_media_origins = []
for _url in (
    MEDIA_URL,
    f"{env.str('MEDIA_S3_URL_PROTOCOL', default='https:')}//{env.str('MEDIA_S3_CUSTOM_DOMAIN', default='')}"
    if env.str("MEDIA_S3_CUSTOM_DOMAIN", default="")
    else "",
    (env.str("MEDIA_S3_ENDPOINT_URL", default="") or f"https://{MEDIA_S3_BUCKET}.s3.amazonaws.com")
    if MEDIA_S3_BUCKET and not env.str("MEDIA_S3_CUSTOM_DOMAIN", default="")
    else "",
):
    _parts = urlsplit(_url)
    if _parts.scheme and _parts.netloc and f"{_parts.scheme}://{_parts.netloc}" not in _media_origins:
        _media_origins.append(f"{_parts.scheme}://{_parts.netloc}")
VIDEO_FRAME_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
_public_directives = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:", *_media_origins],
    "media-src": [SELF, *_media_origins],
    "font-src": [SELF],
    "connect-src": [SELF],
    "frame-src": VIDEO_FRAME_ORIGINS,
    "frame-ancestors": [NONE],
    "form-action": [SELF],
    "base-uri": [NONE],
    "object-src": [NONE],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _public_directives}
# The admin's directives (clinic_blog/csp.py uses them under /admin/ and adds the editor's import-map
# hash to script-src). Same as the public ones unless noted; the README's "Security" says why.
CONTENT_SECURITY_POLICY_ADMIN = {
    **_public_directives,
    # The base CSS that Tiptap (inside django-prose-editor 0.28.0's editor.js) injects as a <style>
    # element. It is the same text on every page; a new editor version may change it, and
    # tests/browser/test_content_security_policy.py then fails on the editor page.
    "style-src": [SELF, "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
    # The editor opens the media library's picker (an admin page) in a frame; only the picker
    # views may be framed, by the admin itself (csp_replace on them in posts/media/admin.py).
    "frame-src": [SELF, *VIDEO_FRAME_ORIGINS],
}

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
# Mail leaves through the task queue (MAIL_QUEUE below), so xtd never needs its own sending threads.
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
# Hold comments that look like they share phone numbers, emails, dates of birth, NHS or
# insurance numbers, or these phrases (comma-separated, whole words, any case).
COMMENTS_HOLD_PERSONAL_DETAILS = env.bool("COMMENTS_HOLD_PERSONAL_DETAILS", default=True)
COMMENTS_HEALTH_PHRASES = env.list(
    "COMMENTS_HEALTH_PHRASES",
    default=[
        "my MRI",
        "my scan",
        "my x-ray",
        "my CT",
        "my ultrasound",
        "my blood test",
        "my test results",
        "I was diagnosed with",
        "I have been diagnosed with",
        "I've been diagnosed with",
        "my diagnosis",
        "my surgeon",
        "my consultant",
        "my GP said",
        "my operation",
        "my medication",
        "my prescription",
    ],
)
COMMENTS_MIN_SECONDS = env.int("COMMENTS_MIN_SECONDS", default=3)
COMMENTS_RATE_PER_MINUTE = env.int("COMMENTS_RATE_PER_MINUTE", default=5)
COMMENTS_RATE_PER_HOUR = env.int("COMMENTS_RATE_PER_HOUR", default=30)
COMMENTS_CLOSE_AFTER_DAYS = env.int("COMMENTS_CLOSE_AFTER_DAYS", default=0)
COMMENTS_NOTIFY_AUTHOR = env.bool("COMMENTS_NOTIFY_AUTHOR", default=True)
# Readers' own comments and privacy.
COMMENTS_EDIT_MINUTES = env.int("COMMENTS_EDIT_MINUTES", default=15)
COMMENTS_IP_RETENTION_DAYS = env.int("COMMENTS_IP_RETENTION_DAYS", default=30)
# An emailed "see and erase my comments" link works this long, and erases once.
COMMENTS_DATA_LINK_HOURS = env.int("COMMENTS_DATA_LINK_HOURS", default=1)
# A comment's confirmation link works this many days after the comment was written.
COMMENTS_CONFIRM_LINK_DAYS = env.int("COMMENTS_CONFIRM_LINK_DAYS", default=7)
# Proxies (addresses or networks, e.g. "10.0.0.0/8") whose X-Forwarded-For names the real client.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# Email is queued as a task and `manage.py worker` sends it with the backend from EMAIL_URL,
# so no request waits on SMTP and a restart loses nothing (notifications/mail.py).
MAIL_QUEUE = env.bool("MAIL_QUEUE", default=not DEBUG)
MAIL_QUEUE_BACKEND = EMAIL_BACKEND  # noqa: F821 (set above from EMAIL_URL)
if MAIL_QUEUE:
    EMAIL_BACKEND = "notifications.mail.QueuedEmailBackend"

# --- Background work (django-q2; notifications/queue.py) ---------------------------
# The queue lives in PostgreSQL (rows written in the transaction of the change) unless
# TASK_BROKER=redis, which pushes to REDIS_URL once the change commits.
TASK_BROKER = env.str("TASK_BROKER", default="orm")
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", default=8)  # then the task stays in "Failed tasks"
TASK_KEEP_DAYS = env.int("TASK_KEEP_DAYS", default=30)  # finished task records (they hold addresses)
TASK_STALLED_AFTER = env.int("TASK_STALLED_AFTER", default=600)  # seconds; /healthz says "stalled"
Q_CLUSTER = {
    "name": "clinic_blog",
    # One process on SQLite (`make run`): SQLite has one writer at a time anyway.
    "workers": env.int("TASK_WORKERS", default=1 if DATABASES["default"]["ENGINE"].endswith("sqlite3") else 2),
    "timeout": env.int("TASK_TIMEOUT", default=120),  # seconds one task may run
    # A task taken by a worker that died is handed out again after this long (more than timeout).
    "retry": env.int("TASK_RETRY_AFTER", default=300),
    "ack_failures": True,  # failures are retried by run_with_retries, with back-off
    "max_attempts": 1,
    # Keep every task record until the daily purge (TASK_KEEP_DAYS): django-q2's own pruning locks
    # all kept records on each result, which slows the recording of results (the duplicate window).
    "save_limit": 0,
    "catch_up": False,  # a worker down for a day runs a missed periodic job once, not once per missed run
    "poll": 1,
    "label": "Background work",
}
if TASK_BROKER == "redis":
    # Bounded waits: a Redis that stops answering must not hold a request (notifications/queue.py
    # keeps the task in the database until Redis answers again).
    _timeouts = f"socket_connect_timeout={min(REDIS_SOCKET_TIMEOUT, 1.0)}&socket_timeout={REDIS_SOCKET_TIMEOUT}"
    Q_CLUSTER["redis"] = env.str("REDIS_URL") + ("&" if "?" in env.str("REDIS_URL") else "?") + _timeouts
else:
    Q_CLUSTER["orm"] = "default"

# --- Following the blog (notifications) ------------------------------------------
# New-post emails sent per transaction (with the mail queue off, at most one batch can repeat after a crash).
NOTIFICATIONS_BATCH = env.int("NOTIFICATIONS_BATCH", default=100)

# --- Writing in the admin ------------------------------------------------------------
# The rich-text editor's own extensions (django-prose-editor): the media library and video.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("clinic_admin/editor/clinic-media.js")],
        "extensions": {"MediaFigure": "posts.editor.allow_figures", "ClinicVideo": "posts.editor.allow_videos"},
    },
]

# --- Logging ---------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint (plan PDFs) logs each layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
