"""Comments posted at the same moment over real HTTP, on PostgreSQL: each stored exactly once."""

import http.client
import threading
import time
from collections import Counter
from urllib.parse import urlencode, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client, override_settings

from comments.models import Comment
from tests.comments.conftest import form_data
from tests.comments.factories import CommentFactory
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

READERS = 20
CSRF = "concurrencyTestCsrfSecret0123456"  # 32 characters: an unmasked CSRF secret


def session_cookie(user):
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def post_form(address, cookie, data):
    """POST the form; a connection the test server's small listen queue refused is tried again.

    (A retried request that did reach Django is harmless: the same form is stored once.)
    """
    for attempt in range(10):
        try:
            return _post_once(address, cookie, data)
        except (ConnectionResetError, ConnectionRefusedError, http.client.RemoteDisconnected):
            time.sleep(0.05 * (attempt + 1))
    return _post_once(address, cookie, data)


def _post_once(address, cookie, data):
    host = urlsplit(address)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
    body = urlencode({**data, "csrfmiddlewaretoken": CSRF})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}; {settings.CSRF_COOKIE_NAME}={CSRF}",
    }
    connection.request("POST", "/comments/post/", body=body, headers=headers)
    status = connection.getresponse().status
    connection.close()
    return status


@override_settings(COMMENTS_RATE_PER_MINUTE=100, COMMENTS_RATE_PER_HOUR=1000)
def test_twenty_simultaneous_readers_each_stored_exactly_once(live_server):
    post = PostFactory()
    root = CommentFactory(post=post, comment="Where exactly is the lesser trochanter?")
    readers = [UserFactory(username=f"concurrent{n}") for n in range(READERS)]
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=reader, email=reader.email, verified=True, primary=True) for reader in readers]
    )
    jobs = []
    for n, reader in enumerate(readers):
        # Half start new threads, half reply in the same conversation (xtd reorders it on each reply).
        data = form_data(post, comment=f"Simultaneous comment {n}", reply_to=str(root.pk) if n % 2 else "0")
        cookie = session_cookie(reader)
        jobs += [(cookie, data), (cookie, data)]  # every form is also sent twice, as a double click would
    barrier = threading.Barrier(len(jobs))
    statuses = []

    def send(cookie, data):
        barrier.wait()
        statuses.append(post_form(live_server.url, cookie, data))

    threads = [threading.Thread(target=send, args=job) for job in jobs]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.monotonic() - started

    assert sorted(statuses) == [302] * len(jobs), Counter(statuses)
    new = Comment.objects.exclude(pk=root.pk)
    assert new.count() == READERS
    assert Counter(new.values_list("user__username", flat=True)) == {r.username: 1 for r in readers}
    assert sorted(new.values_list("comment", flat=True)) == sorted(f"Simultaneous comment {n}" for n in range(READERS))
    # The replies' places in the thread are all distinct: no two share an order.
    orders = list(Comment.objects.filter(thread_id=root.thread_id).values_list("order", flat=True))
    assert len(orders) == len(set(orders)) == READERS // 2 + 1
    print(f"\n{len(jobs)} simultaneous submissions, {READERS} stored once each, in {elapsed:.2f}s")
