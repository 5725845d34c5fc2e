"""allauth hooks for readers: who they are, where they come from, and when an account may be joined.

The avatar is copied to our storage, and the provider a reader logged in with remembered for
the comment form, by ``comments.signals`` at login.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import filter_users_by_email
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.core.exceptions import ValidationError
from django.shortcuts import render

from comments.ratelimit import client_ip

EMAIL_MAX_LENGTH = 254


def display_name(user):
    """How a reader is named on the account pages and in comments (ACCOUNT_USER_DISPLAY)."""
    return user.get_full_name() or user.get_username()


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        """Every address a form accepts fits the database whole (254 characters, RFC 5321);
        allauth would otherwise cut a longer one short and keep an address that does not exist."""
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError(f"An email address has at most {EMAIL_MAX_LENGTH} characters.")
        return super().clean_email(email)

    def get_client_ip(self, request):
        """allauth's rate limits count the real client behind TRUSTED_PROXIES, as the comment limits do."""
        return client_ip(request) or super().get_client_ip(request)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        """Fill the name, email (allauth's defaults) and, for providers with only a handle, a name."""
        user = super().populate_user(request, sociallogin, data)
        if not (user.first_name or user.last_name):
            fallback = (data.get("name") or data.get("username") or "").strip()
            user.first_name = fallback[:150]
        # Names travel into comment bylines, where angle brackets are refused.
        user.first_name = user.first_name.replace("<", "").replace(">", "").strip()
        user.last_name = user.last_name.replace("<", "").replace(">", "").strip()
        return user

    def pre_social_login(self, request, sociallogin):
        """A new social login whose address belongs to an account here, unproven by the provider.

        allauth already logged in (and connected) the account when the provider marked the
        address verified (SOCIALACCOUNT_EMAIL_AUTHENTICATION). Anything else would make a
        second account with someone's address, or hand theirs over: the reader is asked to log
        in to that account and connect the provider from there.
        """
        if sociallogin.is_existing or sociallogin.state.get("process") == AuthProcess.CONNECT:
            return
        taken = [a.email for a in sociallogin.email_addresses if a.email and filter_users_by_email(a.email)]
        if taken:
            provider = sociallogin.account.get_provider()
            raise ImmediateHttpResponse(
                render(
                    request,
                    "socialaccount/login_to_connect.html",
                    {"provider_name": provider.name, "next_url": sociallogin.state.get("next") or ""},
                    status=409,
                )
            )
