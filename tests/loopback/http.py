"""A small browser-like HTTP client for tests against app servers on loopback: cookies, CSRF, forms."""

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request

from bs4 import BeautifulSoup


class Response:
    def __init__(self, status, url, headers, body):
        self.status, self.url, self.headers, self.body = status, url, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def soup(self):
        return BeautifulSoup(self.text, "html.parser")

    def form_fields(self, selector="form"):
        """The values a browser would send from the first form matching ``selector``."""
        form = self.soup().select_one(selector)
        if form is None:
            raise AssertionError(f"no form {selector!r} on {self.url}")
        fields = {}
        for field in form.select("input[name], textarea[name]"):
            if field.get("type") in ("checkbox", "radio") and not field.has_attr("checked"):
                continue
            fields[field["name"]] = field.get("value", field.text if field.name == "textarea" else "")
        return fields


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One reader's browser: keeps cookies, follows redirects (or not), sends CSRF tokens back."""

    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.follow = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.stay = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)

    def at(self, base_url):
        """The same browser (same cookies) talking to another server of the same site."""
        other = Visitor.__new__(Visitor)
        other.base_url = base_url.rstrip("/")
        other.cookies, other.follow, other.stay = self.cookies, self.follow, self.stay
        return other

    def cookie(self, name):
        return next((cookie.value for cookie in self.cookies if cookie.name == name), None)

    def request(self, method, path, data=None, *, follow=True, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, method=method, headers=headers or {})
        if body is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
            request.add_header("Referer", self.base_url + path)
        opener = self.follow if follow else self.stay
        try:
            with opener.open(request, timeout=30) as response:
                return Response(response.status, response.url, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.url, error.headers, error.read())

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        token = self.cookie("csrftoken")
        return self.request("POST", path, {**data, "csrfmiddlewaretoken": token or ""}, **kwargs)

    def log_in(self, username, password):
        self.get("/accounts/login/")
        response = self.post("/accounts/login/", {"login": username, "password": password})
        if self.cookie("sessionid") is None:
            raise AssertionError(f"login as {username} failed ({response.status}): {response.text[:500]}")
        return response

    def comment(self, post_path, text):
        """Fill in and send the comment form on a post's page, as a browser would."""
        fields = self.get(post_path).form_fields("#comment-form")
        fields.update(comment=text)
        fields.pop("preview", None)
        return self.post("/comments/post/", fields)
