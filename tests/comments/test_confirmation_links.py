"""Comment-confirmation links: opening one only shows a button (mail scanners that fetch links
confirm nothing), the POST from that page confirms, and links expire after COMMENTS_CONFIRM_LINK_DAYS.
"""

import datetime
import re

import pytest
from django.test import override_settings
from django.utils import timezone

from comments.models import Comment

pytestmark = pytest.mark.django_db


def confirm_path(mailoutbox):
    return re.search(r"http://testserver(/comments/confirm/[^/\s]+/)", mailoutbox[-1].body).group(1)


def test_opening_the_link_stores_nothing_and_shows_a_button(client, post, comment_form, mailoutbox):
    client.post("/comments/post/", comment_form(post))
    path = confirm_path(mailoutbox)
    for _ in range(3):
        page = client.get(path)
        client.head(path)
    html = page.content.decode()
    assert page.status_code == 200 and "Yes, publish my comment" in html and 'method="post"' in html
    assert Comment.objects.count() == 0
    assert client.post(path).status_code in (200, 302)
    assert Comment.objects.count() == 1


def test_the_email_says_how_long_the_link_works(client, post, comment_form, mailoutbox):
    client.post("/comments/post/", comment_form(post))
    assert "within 7 days" in mailoutbox[-1].body


def test_the_button_needs_the_page_s_csrf_token(post, comment_form, mailoutbox):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    Client().post("/comments/post/", comment_form(post))
    assert strict.post(confirm_path(mailoutbox)).status_code == 403
    assert Comment.objects.count() == 0


def later(monkeypatch, delta):
    moment = timezone.now() + delta
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)


def test_an_expired_link_gets_a_clear_page_on_get_and_post(client, post, comment_form, mailoutbox, monkeypatch):
    client.post("/comments/post/", comment_form(post))
    path = confirm_path(mailoutbox)
    later(monkeypatch, datetime.timedelta(days=7, minutes=1))
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 410
        assert "This confirmation link has expired" in response.content.decode()
        assert "7 days" in response.content.decode()
    assert Comment.objects.count() == 0


@override_settings(COMMENTS_CONFIRM_LINK_DAYS=1)
def test_the_lifetime_is_a_setting(client, post, comment_form, mailoutbox, monkeypatch):
    client.post("/comments/post/", comment_form(post))
    path = confirm_path(mailoutbox)
    with monkeypatch.context() as patched:
        later(patched, datetime.timedelta(hours=25))
        assert client.post(path).status_code == 410
    later(monkeypatch, datetime.timedelta(hours=23))
    assert client.post(path).status_code in (200, 302)
    assert Comment.objects.count() == 1


def test_a_second_post_stores_nothing_more(client, post, comment_form, mailoutbox):
    client.post("/comments/post/", comment_form(post))
    path = confirm_path(mailoutbox)
    client.post(path)
    client.post(path)
    assert Comment.objects.count() == 1
