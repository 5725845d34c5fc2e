"""Following the blog by email: double opt-in confirmed by a POST, RFC 8058 one-click
unsubscribe, no open redirects, and no way to learn who follows."""

import re

import pytest
from django.test import Client

from notifications import services
from notifications.models import Subscriber

pytestmark = pytest.mark.django_db

EVIL = "https://evil.example/"


def links(message):
    return re.findall(r"http://testserver(/notifications/[a-z]+/[^/\s]+/)", message.body)


def follow(client, email="lena@example.org", **extra):
    return client.post("/notifications/follow/", {"email": email, "website": "", **extra})


def test_following_sends_a_confirmation_with_one_click_unsubscribe_headers(client, mailoutbox):
    response = follow(client)
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.status) == ("lena@example.org", "pending")
    (message,) = mailoutbox
    assert message.to == ["lena@example.org"] and "Confirm" in message.subject
    confirm, unsubscribe = links(message)
    assert confirm.startswith("/notifications/confirm/") and unsubscribe.startswith("/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe"] == f"<http://testserver{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "lena" not in confirm and "lena" not in unsubscribe  # no personal data in the links


def test_the_emailed_link_opens_a_page_and_only_its_button_confirms(client, mailoutbox):
    follow(client)
    confirm = links(mailoutbox[0])[0]
    page = client.get(confirm)  # what a mail scanner's pre-fetch does
    assert page.status_code == 200 and "<button" in page.content.decode()
    assert Subscriber.objects.get().status == "pending"
    done = client.post(confirm)
    assert done.status_code == 200 and "You follow" in done.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == "active" and subscriber.confirmed_at is not None
    assert "already follows" in client.get(confirm).content.decode()


def test_one_click_unsubscribe_works_from_a_mail_client_without_cookies_or_csrf(client, mailoutbox):
    follow(client)
    client.post(links(mailoutbox[0])[0])
    unsubscribe = links(mailoutbox[0])[1]
    mail_client = Client(enforce_csrf_checks=True)  # no session, no CSRF token: what RFC 8058 describes
    page = mail_client.get(unsubscribe)
    assert page.status_code == 200 and Subscriber.objects.get().status == "active"  # a GET changes nothing
    response = mail_client.post(
        unsubscribe, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert Subscriber.objects.get().status == "unsubscribed"


def test_the_same_answer_whether_or_not_the_address_follows(client, mailoutbox):
    follow(client)
    client.post(links(mailoutbox[0])[0])
    mailoutbox.clear()
    again = follow(client)
    assert again.status_code == 200 and "Check your email" in again.content.decode()
    assert mailoutbox == []  # an active subscriber gets nothing new
    assert Subscriber.objects.get().status == "active"


def test_a_pending_address_is_not_mailed_again_within_minutes(client, mailoutbox):
    follow(client)
    follow(client, email="LENA@example.org ")
    assert len(mailoutbox) == 1 and Subscriber.objects.count() == 1


def test_following_again_after_unsubscribing_needs_a_new_confirmation(client, mailoutbox):
    follow(client)
    subscriber = Subscriber.objects.get()
    services.subscriber_confirm(subscriber=subscriber)
    services.subscriber_unsubscribe(subscriber=subscriber)
    mailoutbox.clear()
    follow(client)
    assert Subscriber.objects.get().status == "pending" and len(mailoutbox) == 1


@pytest.mark.parametrize(
    "token",
    ["not-a-token", "eyJzIjoxfQ:1abc:forged", "x" * 500, "%00", "1"],
)
def test_doctored_links_get_a_clear_page(client, token):
    for kind in ("confirm", "unsubscribe"):
        response = client.get(f"/notifications/{kind}/{token}/")
        assert response.status_code in (400, 404)
        if response.status_code == 400:
            assert "This link does not work" in response.content.decode()
        assert client.post(f"/notifications/{kind}/{token}/").status_code in (400, 404)
    assert not Subscriber.objects.exists()


def test_an_unsubscribe_link_cannot_confirm_and_the_other_way_round(client, mailoutbox):
    follow(client)
    confirm, unsubscribe = links(mailoutbox[0])
    token_for_unsubscribe = unsubscribe.split("/")[3]
    assert client.post(f"/notifications/confirm/{token_for_unsubscribe}/").status_code == 400
    assert Subscriber.objects.get().status == "pending"


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"email": "not-an-address"}, 400),
        ({"email": ""}, 400),
        ({"email": "a" * 300 + "@example.org"}, 400),
        ({"email": "bot@example.org", "website": "https://spam.example"}, 400),
        ({"email": "<script>@example.org"}, 400),
    ],
)
def test_bad_input_is_a_clear_error_and_stores_nothing(client, mailoutbox, data, status):
    response = client.post("/notifications/follow/", data)
    assert response.status_code == status
    assert 'role="alert"' in response.content.decode() or "errorlist" in response.content.decode()
    assert not Subscriber.objects.exists() and mailoutbox == []


def test_an_off_site_next_is_ignored(client):
    response = follow(client, next=EVIL)
    assert "evil.example" not in response.content.decode()
    back = follow(client, email="b@example.org", next="/posts/its-the-iliopsoas-stupid/")
    assert 'href="/posts/its-the-iliopsoas-stupid/"' in back.content.decode()


def test_following_is_rate_limited(client, mailoutbox):
    statuses = [follow(client, email=f"reader{n}@example.org").status_code for n in range(12)]
    assert statuses[:10] == [200] * 10 and statuses[-1] == 429
    assert len(mailoutbox) == 10


def test_a_logged_in_reader_finds_their_address_filled_in(client_as, user, post):
    page = client_as(user).get(post.get_absolute_url()).content.decode()
    assert f'value="{user.email}"' in page.split('id="follow-title"')[1]
    client_as(user).post("/notifications/follow/", {"email": user.email})
    assert Subscriber.objects.get().user == user


def test_the_follow_form_is_on_every_post_and_linked_from_the_footer(client, post):
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'action="/notifications/follow/"' in page and 'href="/notifications/follow/"' in page
    assert client.get("/notifications/follow/").status_code == 200


def test_the_dashboard_shows_the_subscriber_count(client_as, clinician):
    for n, status in enumerate(["active", "active", "pending", "unsubscribed"]):
        Subscriber.objects.create(email=f"s{n}@example.org", status=status)
    page = client_as(clinician).get("/admin/").content.decode()
    assert 'id="subscriber-summary"' in page
    assert "<strong>2</strong> follow by email" in page and "1 waiting to confirm" in page


def test_authors_see_the_count_but_not_the_addresses(client_as, clinician):
    Subscriber.objects.create(email="s@example.org", status="active")
    staff = client_as(clinician)
    assert "<strong>1</strong> follows by email" in staff.get("/admin/").content.decode()
    assert staff.get("/admin/notifications/subscriber/").status_code == 403


def test_the_admin_lists_subscribers_and_deliveries(client_as, operator):
    Subscriber.objects.create(email="s@example.org", status="active")
    staff = client_as(operator)
    assert "s@example.org" in staff.get("/admin/notifications/subscriber/").content.decode()
    assert staff.get("/admin/notifications/delivery/").status_code == 200
    assert staff.get("/admin/notifications/subscriber/add/").status_code == 403


def test_the_unsubscribe_link_is_the_same_in_every_email_and_a_stale_confirmation_fails(client, monkeypatch):
    subscriber = Subscriber.objects.create(email="lena@example.org")
    first = services.unsubscribe_token(subscriber)
    confirm = services.confirm_token(subscriber)
    monkeypatch.setattr("time.time", lambda: 10**10)  # far in the future
    assert services.unsubscribe_token(subscriber) == first
    assert services.subscriber_from_token(first, purpose="unsubscribe") == subscriber
    assert services.subscriber_from_token(confirm, purpose="confirm") is None
    assert client.post(f"/notifications/confirm/{confirm}/").status_code == 400
