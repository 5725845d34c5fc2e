"""Social login without the internet: every provider's HTTP answers are mocked at the HTTP layer.

As allauth's own provider tests do (``allauth.tests.mocked_response``), ``requests.Session.request``
is replaced for the length of a block and answers, in order, with the responses given; any
request beyond them fails the test, so nothing can reach a real provider.
"""

import base64
import io
import json
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from django.urls import reverse
from PIL import Image

OIDC_SERVER = "https://id.clinic-partner.example"
OIDC_PROVIDER_ID = "clinic-id"

APPS = {
    "twitter_oauth2": {"APPS": [{"client_id": "x-client", "secret": "x-secret", "key": ""}]},
    "facebook": {
        "METHOD": "oauth2",
        "SCOPE": ["email", "public_profile"],
        "FIELDS": ["id", "email", "name", "first_name", "last_name", "picture.type(large)"],
        "APPS": [{"client_id": "fb-client", "secret": "fb-secret", "key": ""}],
    },
    "google": {
        "SCOPE": ["profile", "email"],
        "APPS": [{"client_id": "google-client.apps.example", "secret": "g-secret", "key": ""}],
    },
    "wordpress_com": {"SCOPE": ["auth"], "APPS": [{"client_id": "12345", "secret": "wp-secret", "key": ""}]},
    "openid_connect": {
        "APPS": [
            {
                "provider_id": OIDC_PROVIDER_ID,
                "name": "Clinic partner login",
                "client_id": "oidc-client",
                "secret": "oidc-secret",
                "settings": {"server_url": OIDC_SERVER},
            }
        ]
    },
}


def response(status=200, body=None, *, content_type="application/json", url=""):
    """A real ``requests.Response`` with the given status and body (a dict becomes JSON)."""
    answer = requests.Response()
    answer.status_code = status
    answer._content = json.dumps(body).encode() if isinstance(body, (dict, list)) else (body or "").encode()
    answer.headers["Content-Type"] = content_type
    answer.url = url
    answer.encoding = "utf-8"
    return answer


@dataclass
class HttpLog:
    calls: list = field(default_factory=list)

    def urls(self):
        return [url for _method, url, _kwargs in self.calls]


@contextmanager
def mocked_http(*responses):
    """Answer the next requests with ``responses``, in order; record each call."""
    queue = list(responses)
    log = HttpLog()

    def answer(session, method, url, *args, **kwargs):
        log.calls.append((method, url, kwargs))
        if not queue:
            raise AssertionError(f"Unexpected request to {method} {url}: the test allows no real HTTP")
        return queue.pop(0)

    with mock.patch("requests.Session.request", autospec=True, side_effect=answer):
        yield log
    assert not queue, f"{len(queue)} mocked answers were never asked for"


def unsigned_id_token(claims, *, issuer, audience):
    """An ID token as a provider's token endpoint returns it. Received straight from the token
    endpoint over TLS, its signature need not be checked (OIDC Core 3.1.3.7), and allauth does not;
    issuer, audience and expiry still are."""
    now = int(time.time())
    payload = {"iss": issuer, "aud": audience, "iat": now, "exp": now + 600, **claims}
    return jwt.encode(payload, "not-checked-" + "k" * 32, algorithm="HS256")


# --- What each provider answers (the shapes of their documented APIs) ------------------------


@dataclass
class Person:
    uid: str
    name: str
    email: str = ""
    email_verified: bool = True
    picture: str = ""


def oidc_discovery():
    return response(
        200,
        {
            "issuer": OIDC_SERVER,
            "authorization_endpoint": f"{OIDC_SERVER}/authorize",
            "token_endpoint": f"{OIDC_SERVER}/token",
            "userinfo_endpoint": f"{OIDC_SERVER}/userinfo",
            "jwks_uri": f"{OIDC_SERVER}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        },
    )


PROVIDERS = {}


def provider(provider_id, *, name, gives_email=True, marks_verified=True, login_http=()):
    def register(answers):
        PROVIDERS[provider_id] = {
            "name": name,
            "answers": answers,
            "gives_email": gives_email,
            "marks_verified": marks_verified,
            "login_http": login_http,
        }
        return answers

    return register


@provider("twitter_oauth2", name="X", gives_email=False, marks_verified=False)
def x_answers(person):
    token = {"token_type": "bearer", "expires_in": 7200, "access_token": "x-access", "scope": "users.read tweet.read"}
    me = {
        "data": {
            "id": person.uid,
            "name": person.name,
            "username": person.name.lower().replace(" ", ""),
            "profile_image_url": person.picture,
            "verified": False,
            "created_at": "2015-04-02T09:12:00.000Z",
        }
    }
    return [response(200, token), response(200, me)]


@provider("facebook", name="Facebook", marks_verified=False)
def facebook_answers(person):
    token = {"access_token": "fb-access", "token_type": "bearer", "expires_in": 5183944}
    first, _, last = person.name.partition(" ")
    me = {"id": person.uid, "name": person.name, "first_name": first, "last_name": last}
    if person.email:
        me["email"] = person.email
    if person.picture:
        me["picture"] = {"data": {"height": 200, "width": 200, "is_silhouette": False, "url": person.picture}}
    return [response(200, token), response(200, me)]


@provider("google", name="Google")
def google_answers(person):
    first, _, last = person.name.partition(" ")
    claims = {
        "sub": person.uid,
        "email": person.email,
        "email_verified": person.email_verified,
        "name": person.name,
        "given_name": first,
        "family_name": last,
        "picture": person.picture,
        "azp": "google-client.apps.example",
    }
    id_token = unsigned_id_token(claims, issuer="https://accounts.google.com", audience="google-client.apps.example")
    token = {
        "access_token": "g-access",
        "expires_in": 3599,
        "scope": "openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile",
        "token_type": "Bearer",
        "id_token": id_token,
    }
    return [response(200, token)]


@provider("wordpress_com", name="WordPress.com")
def wordpress_answers(person):
    token = {"access_token": "wp-access", "token_type": "bearer", "blog_id": "0", "blog_url": None, "scope": "auth"}
    return [response(200, token), response(200, wordpress_me(person))]


def wordpress_me(person):
    """The shape of https://public-api.wordpress.com/rest/v1.1/me (abridged only of unrelated flags)."""
    return {
        "ID": int(person.uid),
        "display_name": person.name,
        "username": person.name.lower().replace(" ", ""),
        "email": person.email,
        "primary_blog": 201234567,
        "primary_blog_url": "https://hipsandhamstrings.wordpress.com",
        "primary_blog_is_jetpack": False,
        "language": "en",
        "locale_variant": "",
        "token_site_id": False,
        "token_scope": ["auth"],
        "avatar_URL": person.picture,
        "profile_URL": "https://gravatar.com/" + person.name.lower().replace(" ", ""),
        "verified": True,
        "email_verified": person.email_verified,
        "date": "2013-06-11T14:22:09+00:00",
        "site_count": 1,
        "visible_site_count": 1,
        "has_unseen_notes": False,
        "newest_note_type": "",
        "phone_account": False,
        "meta": {
            "links": {
                "self": "https://public-api.wordpress.com/rest/v1.1/me",
                "help": "https://public-api.wordpress.com/rest/v1.1/me/help",
                "site": "https://public-api.wordpress.com/rest/v1.1/sites/201234567",
                "flags": "https://public-api.wordpress.com/rest/v1.1/me/flags",
            }
        },
        "is_valid_google_apps_country": True,
        "user_ip_country_code": "GB",
        "logout_URL": "https://wordpress.com/wp-login.php?action=logout",
        "social_login_connections": None,
        "social_signup_service": None,
        "abtests": {},
    }


@provider("openid_connect", name="Clinic partner login", login_http=(oidc_discovery,))
def oidc_answers(person):
    claims = {"sub": person.uid, "email": person.email, "email_verified": person.email_verified, "name": person.name}
    token = {
        "access_token": "oidc-access",
        "token_type": "Bearer",
        "expires_in": 3600,
        "id_token": unsigned_id_token(claims, issuer=OIDC_SERVER, audience="oidc-client"),
    }
    first, _, last = person.name.partition(" ")
    userinfo = {**claims, "given_name": first, "family_name": last, "picture": person.picture}
    return [oidc_discovery(), response(200, token), response(200, userinfo)]


def login_url(provider_id):
    if provider_id == "openid_connect":
        return reverse("openid_connect_login", kwargs={"provider_id": OIDC_PROVIDER_ID})
    return reverse(f"{provider_id}_login")


def callback_url(provider_id):
    if provider_id == "openid_connect":
        return reverse("openid_connect_callback", kwargs={"provider_id": OIDC_PROVIDER_ID})
    return reverse(f"{provider_id}_callback")


@dataclass
class Round:
    """One trip to a provider and back."""

    authorize: str  # where the reader was sent
    response: object  # our answer to the callback
    http: HttpLog

    @property
    def authorize_params(self):
        return {key: values[0] for key, values in parse_qs(urlsplit(self.authorize).query).items()}


def start(client, provider_id, *, next_url="", process="login"):
    """Press the provider's button; returns the provider's authorization URL."""
    data = {"process": process}
    if next_url:
        data["next"] = next_url
    login_http = [make() for make in PROVIDERS[provider_id]["login_http"]]
    with mocked_http(*login_http):
        pressed = client.post(login_url(provider_id), data)
    assert pressed.status_code == 302, pressed.content[:500]
    return pressed["Location"]


def social_login(client, provider_id, person, *, next_url="", process="login", callback=None, answers=None):
    """The whole round: the button, the provider's consent (skipped), the callback with its HTTP."""
    authorize = start(client, provider_id, next_url=next_url, process=process)
    state = parse_qs(urlsplit(authorize).query)["state"][0]
    params = callback if callback is not None else {"code": "the-code", "state": state}
    answers = PROVIDERS[provider_id]["answers"](person) if answers is None else answers
    with mocked_http(*answers) as log:
        answered = client.get(callback_url(provider_id), params)
    return Round(authorize=authorize, response=answered, http=log)


@pytest.fixture
def providers_on(settings):
    """All five providers switched on, as the operator's environment variables would."""
    settings.SOCIALACCOUNT_PROVIDERS = json.loads(json.dumps(APPS))
    from django.core.cache import cache

    cache.clear()  # the cached list of buttons
    return settings


def png_bytes(colour="#1f5f5b"):
    out = io.BytesIO()
    Image.new("RGB", (120, 80), colour).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def picture_downloads(monkeypatch):
    """Avatars are fetched with urllib, not requests: record the addresses and answer with a PNG."""
    fetched = []

    def download(url):
        fetched.append(url)
        return png_bytes()

    monkeypatch.setattr("comments.avatars.download_image", download)
    return fetched


def b64(text):
    return base64.b64encode(text.encode()).decode()
