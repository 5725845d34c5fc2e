"""allauth hooks for commenters: a name from whatever the provider gives.

The avatar is copied to our storage by ``comments.signals`` at login.
"""

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        """Fill the name, email (allauth's defaults) and, for providers with only a handle, a name."""
        user = super().populate_user(request, sociallogin, data)
        if not (user.first_name or user.last_name):
            fallback = (data.get("name") or data.get("username") or "").strip()
            user.first_name = fallback[:150]
        return user
