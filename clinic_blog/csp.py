"""Content-Security-Policy: one strict policy for the public site, a separate one for the admin.

django-csp 4 sends ``settings.CONTENT_SECURITY_POLICY`` on every response. Its documented extension
point is ``CSPMiddleware.get_policy_parts``; this subclass swaps in
``settings.CONTENT_SECURITY_POLICY_ADMIN`` for requests under the admin's prefix (unless a view chose
its own policy with one of django-csp's decorators), and adds what only some pages need:

- admin: the hash of the prose editor's ``<script type="importmap">`` (the one inline script Django's
  admin gets, from django-prose-editor 0.28 through django-js-asset 5). The map names static files
  only, so its text is the same for every request of a deployment: a hash, not a nonce.
- every page: ``form-action`` also allows the sign-in pages of the social providers that have keys.
  Their buttons (beside the comment form, on the login page) are forms that post here and are then
  redirected to the provider, and chromium applies ``form-action`` to that redirect. The list
  depends on configuration only, never on the reader, so cached pages stay correct.

No nonces: public pages are cached whole and shared between readers, so every script and style they
use is a file under ``/static/``.
"""

import base64
import hashlib
import re
from functools import cache
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse

# Where each allauth provider's "Continue" form ends up (allauth 65's authorize URLs).
PROVIDER_SIGN_IN_ORIGINS = {
    "google": "https://accounts.google.com",
    "facebook": "https://www.facebook.com",
    "twitter_oauth2": "https://x.com",
    "wordpress_com": "https://public-api.wordpress.com",
}


@cache
def prose_editor_importmap_hash():
    """``'sha256-…'`` of the editor's import map as the admin page carries it."""
    from django_prose_editor.widgets import importmap

    text = re.fullmatch(r"<script[^>]*>(.*)</script>", str(importmap), re.S).group(1)
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def social_sign_in_origins():
    """Origins of the sign-in pages of the providers that have an app configured."""
    origins = []
    for provider, options in getattr(settings, "SOCIALACCOUNT_PROVIDERS", {}).items():
        for app in options.get("APPS", []):
            if provider == "openid_connect":
                url = urlsplit(app.get("settings", {}).get("server_url", ""))
                origin = f"{url.scheme}://{url.netloc}" if url.scheme and url.netloc else None
            else:
                origin = PROVIDER_SIGN_IN_ORIGINS.get(provider)
            if origin and origin not in origins:
                origins.append(origin)
    return origins


class ClinicCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        update = dict(parts.update or {})
        if request.path_info.startswith(reverse("admin:index")):
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN
            update["script-src"] = [*update.get("script-src", []), prose_editor_importmap_hash()]
        elif origins := social_sign_in_origins():
            update["form-action"] = [*update.get("form-action", []), *origins]
        parts.update = update or None
        return parts
