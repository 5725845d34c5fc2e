"""The operator sees waiting and failed work in the branded admin."""

import pytest
from django.core import mail

from notifications.queue import run_due

pytestmark = pytest.mark.django_db

FAILING = "tests.comments.test_mail_queue.FailingBackend"


def test_the_dashboard_has_a_background_work_section(client_as, operator):
    page = client_as(operator).get("/admin/").content.decode()
    section = page.split("Background work", 1)[1]
    for name in ("Queued tasks", "Failed tasks", "Successful tasks", "Scheduled tasks"):
        assert name in section


def test_waiting_and_failed_mail_are_listed(client_as, operator, settings):
    settings.EMAIL_BACKEND = "notifications.mail.QueuedEmailBackend"
    settings.MAIL_QUEUE_BACKEND = FAILING
    staff = client_as(operator)
    mail.send_mail("Your comment is waiting", "Body", "blog@localhost", ["reader@example.org"])
    waiting = staff.get("/admin/django_q/ormq/")
    assert waiting.status_code == 200 and "email" in waiting.content.decode()
    run_due()
    failed = staff.get("/admin/django_q/failure/").content.decode()
    assert "email" in failed and "notifications.queue.run_with_retries" in failed
    retry = staff.get("/admin/django_q/schedule/").content.decode()
    assert "Retry 2/8 of email_send" in retry
