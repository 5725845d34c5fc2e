"""The social providers the operator switched on, for the buttons on every post page.

allauth lists them from the settings and the ``SocialApp`` table (a query); the list is
kept in the cache, keyed by the configured providers and dropped whenever a social app is
saved or deleted in the admin, so a post page pays nothing for it.
"""

import hashlib

from allauth.socialaccount.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache

ICONS = {
    "twitter_oauth2": "img/providers/x.svg",
    "facebook": "img/providers/facebook.svg",
    "google": "img/providers/google.svg",
    "wordpress_com": "img/providers/wordpress-com.svg",
    "openid_connect": "img/providers/openid.svg",
}


def _cache_key():
    configured = sorted(
        f"{name}:{app.get('provider_id', '')}:{app.get('client_id', '')}"
        for name, options in getattr(settings, "SOCIALACCOUNT_PROVIDERS", {}).items()
        for app in options.get("APPS", [])
    )
    return "comments:social-providers:" + hashlib.sha256("|".join(configured).encode()).hexdigest()[:16]


def enabled_providers(request):
    """[{"id", "name", "login_url", "icon"}] for each provider with keys, in allauth's order."""
    key = _cache_key()
    providers = cache.get(key)
    if providers is None:
        providers = [
            {
                "id": provider.id,
                "name": provider.name,
                "login_url": provider.get_login_url(request),
                "icon": ICONS.get(provider.id, "img/providers/openid.svg"),
            }
            for provider in get_adapter().list_providers(request)
        ]
        cache.set(key, providers, None)  # until a social app changes (or the configuration does)
    return providers


def forget_providers(**kwargs):
    cache.delete(_cache_key())


def icon_for(provider_id):
    return ICONS.get(provider_id, "img/providers/openid.svg")
