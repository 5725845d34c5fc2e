"""WordPress.com's OAuth2 endpoints (developer.wordpress.com/docs/oauth2/).

The token answer carries the access token (and, for a blog-scoped token, the blog); the
reader's identity comes from ``/rest/v1.1/me`` with that token as a bearer.
"""

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2Adapter, OAuth2CallbackView, OAuth2LoginView

API = "https://public-api.wordpress.com"


class WordPressComOAuth2Adapter(OAuth2Adapter):
    provider_id = "wordpress_com"
    authorize_url = f"{API}/oauth2/authorize"
    access_token_url = f"{API}/oauth2/token"  # noqa: S105 (an address, not a secret)
    profile_url = f"{API}/rest/v1.1/me"

    def complete_login(self, request, app, token, **kwargs):
        with get_adapter().get_requests_session() as session:
            response = session.get(self.profile_url, headers={"Authorization": f"Bearer {token.token}"})
            response.raise_for_status()
            me = response.json()
        if not isinstance(me, dict) or not me.get("ID"):
            # allauth shows its "login failed" page for OAuth2Error; anything else would be a 500.
            raise OAuth2Error("WordPress.com's /me answer has no user ID")
        return self.get_provider().sociallogin_from_response(request, me)


oauth2_login = OAuth2LoginView.adapter_view(WordPressComOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(WordPressComOAuth2Adapter)
