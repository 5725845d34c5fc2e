"""Mail leaves through the task queue: queued with the request's transaction, sent by the worker,
retried with growing delays and logged when the mail server fails, delivered to a real SMTP sink."""

import datetime
import io
import logging
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_q.models import Failure, OrmQ, Schedule, Success, Task

from comments.models import Comment
from notifications.queue import results_purge, run_due
from tests.notifications.worker import queued_tasks

pytestmark = pytest.mark.django_db

QUEUED = "notifications.mail.QueuedEmailBackend"
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
    settings.EMAIL_BACKEND = QUEUED
    settings.MAIL_QUEUE_BACKEND = LOCMEM


def queued_mail():
    return [task["args"][2][0] for task in queued_tasks() if task["args"][0] == "notifications.mail.email_send"]


def test_posting_a_comment_queues_its_confirmation_instead_of_sending_it(queued, client, post, comment_form):
    response = client.post("/comments/post/", comment_form(post))
    assert response.status_code == 302
    assert mail.outbox == []
    [data] = queued_mail()
    assert data["to"] == ["priya@example.org"]
    assert "/comments/confirm/" in data["body"] and data["alternatives"][0][1] == "text/html"

    out = io.StringIO()
    call_command("run_queued_tasks", stdout=out)
    assert "Ran 1 task." in out.getvalue()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["priya@example.org"]
    assert mail.outbox[0].alternatives[0][1] == "text/html"
    assert not OrmQ.objects.exists() and Success.objects.get().name == "email"


def test_a_rolled_back_change_queues_no_mail(queued):
    with pytest.raises(RuntimeError), transaction.atomic():
        mail.send_mail("Hello", "Body", "blog@localhost", ["reader@example.org"])
        assert len(queued_mail()) == 1
        raise RuntimeError("the request failed")
    assert not OrmQ.objects.exists()


def test_a_failed_send_is_logged_and_retried_later_not_a_500(queued, settings, caplog, client, post, comment_form):
    settings.MAIL_QUEUE_BACKEND = f"{__name__}.FailingBackend"
    assert client.post("/comments/post/", comment_form(post)).status_code == 302
    with caplog.at_level(logging.WARNING, logger="notifications.queue"):
        assert run_due() == 1
    failure = Failure.objects.get()
    assert "mail server down" in failure.result
    retry = Schedule.objects.get(schedule_type=Schedule.ONCE)
    assert retry.next_run > timezone.now() + datetime.timedelta(seconds=50)
    assert "retrying at" in caplog.text and "priya@example.org" not in caplog.text
    # Not due yet: the next run leaves it alone.
    assert run_due() == 0
    # When it falls due and the server is back, it is sent, and the retry schedule is gone.
    settings.MAIL_QUEUE_BACKEND = LOCMEM
    Schedule.objects.filter(pk=retry.pk).update(next_run=timezone.now() - datetime.timedelta(seconds=1))
    assert run_due() == 1
    assert [m.to for m in mail.outbox] == [["priya@example.org"]]
    assert not Schedule.objects.exists()


def test_the_waits_grow_and_after_the_last_attempt_it_stays_failed(queued, settings, caplog):
    settings.MAIL_QUEUE_BACKEND = f"{__name__}.FailingBackend"
    settings.TASK_MAX_ATTEMPTS = 3
    mail.send_mail("Hello", "Body", "blog@localhost", ["reader@example.org"])
    waits = []
    with caplog.at_level(logging.ERROR, logger="notifications.queue"):
        for _attempt in range(3):
            before = timezone.now()
            run_due()
            retry = Schedule.objects.filter(schedule_type=Schedule.ONCE).first()
            if retry is None:
                break
            waits.append(round((retry.next_run - before).total_seconds() / 60))
            Schedule.objects.filter(pk=retry.pk).update(next_run=timezone.now() - datetime.timedelta(seconds=1))
    assert waits == [1, 2]
    assert Failure.objects.count() == 3 and not Schedule.objects.exists() and not OrmQ.objects.exists()
    assert "Gave up on notifications.mail.email_send after 3 attempts" in caplog.text


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_refused_smtp_connection_is_retried(queued, settings):
    settings.MAIL_QUEUE_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    mail.send_mail("Hello", "Body", "blog@localhost", ["reader@example.org"])
    run_due()
    assert "ConnectionRefusedError" in Failure.objects.get().result
    assert Schedule.objects.filter(schedule_type=Schedule.ONCE).count() == 1


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
        settings.MAIL_QUEUE_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        mail.send_mail("A comment is waiting", "Body text", "blog@localhost", ["clinician@example.org"])
        assert run_due() == 1
    finally:
        controller.stop()
    assert received[0][0] == ["clinician@example.org"] and "A comment is waiting" in received[0][1]


def test_finished_tasks_are_forgotten_after_the_keep_period(queued):
    mail.send_mail("Old", "Body", "blog@localhost", ["reader@example.org"])
    run_due()
    Task.objects.update(stopped=timezone.now() - datetime.timedelta(days=31))
    assert results_purge() == 1 and not Task.objects.exists()


def test_the_worker_refuses_to_deliver_into_the_queue_itself(queued, settings):
    settings.MAIL_QUEUE = True
    settings.MAIL_QUEUE_BACKEND = QUEUED
    with pytest.raises(ImproperlyConfigured):
        call_command("worker", stdout=io.StringIO())


def test_approving_queues_the_followers_mail(queued, post, django_capture_on_commit_callbacks):
    from comments.services import comment_approve
    from tests.comments.factories import CommentFactory

    CommentFactory(post=post, user_email="follower@example.org", followup=True)
    held = CommentFactory(post=post, state=Comment.State.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=held)
    assert [data["to"] for data in queued_mail()] == [["follower@example.org"]]


def test_a_task_handed_out_again_does_not_send_its_mail_twice(queued):
    """A worker that died after the server accepted the mail, before the task's result was recorded."""
    from notifications.mail import email_send
    from notifications.models import SentMail

    mail.send_mail("Once only", "Body", "blog@localhost", ["reader@example.org"])
    [data] = queued_mail()
    email_send(data)  # the first worker sent it, then died
    assert email_send(data) == "sent before"  # the task again, from the queue
    assert len(mail.outbox) == 1 and SentMail.objects.count() == 1
