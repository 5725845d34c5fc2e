"""Mail leaves through the database outbox: queued with the request's transaction, sent by the
worker, retried and logged when the mail server fails, delivered to a real SMTP sink."""

import datetime
import io
import logging
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from comments.mail import deliver_due, purge_sent
from comments.models import Comment, OutboxMessage

pytestmark = pytest.mark.django_db

OUTBOX = "comments.mail.OutboxEmailBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class FailingBackend:
    """An email backend whose server is down."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")

    def close(self):
        pass


@pytest.fixture
def queued(settings):
    settings.EMAIL_BACKEND = OUTBOX
    settings.MAIL_OUTBOX_BACKEND = LOCMEM


def test_posting_a_comment_queues_its_confirmation_instead_of_sending_it(queued, client, post, comment_form):
    response = client.post("/comments/post/", comment_form(post))
    assert response.status_code == 302
    assert mail.outbox == []
    row = OutboxMessage.objects.get()
    assert row.to == ["priya@example.org"] and row.status == "queued"
    assert "/comments/confirm/" in row.body and row.alternatives and row.alternatives[0][1] == "text/html"

    out = io.StringIO()
    call_command("send_queued_mail", stdout=out)
    assert "Sent 1, failed 0" in out.getvalue()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["priya@example.org"]
    assert mail.outbox[0].alternatives[0][1] == "text/html"
    row.refresh_from_db()
    assert row.status == "sent" and row.sent_at is not None


def test_a_rolled_back_change_queues_no_mail(queued):
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send_mail("Hello", "Body", "blog@localhost", ["reader@example.org"])
        raise RuntimeError("the request failed")
    assert not OutboxMessage.objects.exists()


def test_a_failed_send_is_logged_and_retried_later_not_a_500(queued, settings, caplog, client, post, comment_form):
    settings.MAIL_OUTBOX_BACKEND = f"{__name__}.FailingBackend"
    assert client.post("/comments/post/", comment_form(post)).status_code == 302
    with caplog.at_level(logging.WARNING, logger="comments.mail"):
        assert deliver_due() == (0, 1)
    row = OutboxMessage.objects.get()
    assert row.status == "queued" and row.attempts == 1 and "mail server down" in row.last_error
    assert row.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)
    assert "retrying at" in caplog.text
    # Not due yet: the next run leaves it alone.
    assert deliver_due() == (0, 0)


def test_after_the_last_attempt_a_message_is_marked_failed(queued, settings, caplog):
    settings.MAIL_OUTBOX_BACKEND = f"{__name__}.FailingBackend"
    settings.MAIL_OUTBOX_MAX_ATTEMPTS = 2
    mail.send_mail("Hello", "Body", "blog@localhost", ["reader@example.org"])
    deliver_due()
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    with caplog.at_level(logging.ERROR, logger="comments.mail"):
        deliver_due()
    assert OutboxMessage.objects.get().status == "failed"
    assert "Gave up on email" in caplog.text


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_refused_smtp_connection_is_retried(queued, settings):
    closed_port = free_port()
    settings.MAIL_OUTBOX_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 2
    mail.send_mail("Hello", "Body", "blog@localhost", ["reader@example.org"])
    assert deliver_due() == (0, 1)
    assert OutboxMessage.objects.get().attempts == 1


def test_the_worker_delivers_to_a_real_smtp_server(queued, settings):
    received = []

    class Sink:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
            received.append((envelope.rcpt_tos, envelope.content.decode()))
            return "250 OK"

    port = free_port()
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.MAIL_OUTBOX_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        mail.send_mail("A comment is waiting", "Body text", "blog@localhost", ["clinician@example.org"])
        assert deliver_due() == (1, 0)
    finally:
        controller.stop()
    assert received[0][0] == ["clinician@example.org"] and "A comment is waiting" in received[0][1]


def test_sent_messages_are_forgotten_after_the_keep_period(queued):
    mail.send_mail("Old", "Body", "blog@localhost", ["reader@example.org"])
    deliver_due()
    OutboxMessage.objects.update(sent_at=timezone.now() - datetime.timedelta(days=31))
    assert purge_sent() == 1 and not OutboxMessage.objects.exists()


def test_the_worker_refuses_to_deliver_into_the_outbox_itself(queued, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.MAIL_OUTBOX_BACKEND = OUTBOX
    with pytest.raises(ImproperlyConfigured):
        call_command("send_queued_mail", stdout=io.StringIO())


def test_approving_queues_the_followers_mail(queued, post, django_capture_on_commit_callbacks):
    from comments.services import comment_approve
    from tests.comments.factories import CommentFactory

    CommentFactory(post=post, user_email="follower@example.org", followup=True)
    held = CommentFactory(post=post, state=Comment.State.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=held)
    assert list(OutboxMessage.objects.values_list("to", flat=True)) == [["follower@example.org"]]
