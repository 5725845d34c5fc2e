"""Email through a database outbox: the request writes a row, a worker sends it.

``OutboxEmailBackend`` is Django's email backend when ``MAIL_OUTBOX`` is on, so every mail
(xtd's confirmations and follow-ups, our notices, allauth's) is queued in the same
transaction as the change that caused it. ``manage.py send_queued_mail`` delivers the queue
with the backend configured by ``EMAIL_URL`` (``MAIL_OUTBOX_BACKEND``), retrying failures
with growing delays and logging each one.
"""

import base64
import datetime
import logging
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from comments.conf import setting

logger = logging.getLogger(__name__)

FIRST_RETRY = datetime.timedelta(minutes=1)
LONGEST_RETRY = datetime.timedelta(hours=6)


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from comments.models import OutboxMessage

        queued = 0
        for message in email_messages or []:
            if not message.recipients():
                continue
            OutboxMessage.objects.create(
                subject=str(message.subject)[:998],
                from_email=str(message.from_email or settings.DEFAULT_FROM_EMAIL),
                to=list(message.to),
                cc=list(message.cc),
                bcc=list(message.bcc),
                reply_to=list(message.reply_to),
                headers={str(k): str(v) for k, v in (message.extra_headers or {}).items()},
                body=str(message.body),
                alternatives=[[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
                attachments=[_attachment(item) for item in message.attachments if not isinstance(item, MIMEBase)],
            )
            queued += 1
        return queued


def _attachment(item):
    filename, content, mimetype = item
    data = content.encode() if isinstance(content, str) else bytes(content)
    return [filename, base64.b64encode(data).decode(), mimetype]


def as_email(row, connection):
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email,
        to=row.to,
        cc=row.cc,
        bcc=row.bcc,
        reply_to=row.reply_to,
        headers=row.headers,
        connection=connection,
    )
    for content, mimetype in row.alternatives:
        message.attach_alternative(content, mimetype)
    for filename, data, mimetype in row.attachments:
        message.attach(filename, base64.b64decode(data), mimetype)
    return message


def retry_delay(attempts):
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def deliver_due(*, batch=50):
    """Send up to ``batch`` due messages; returns (sent, failed). Safe to run in several workers.

    Rows are locked with SKIP LOCKED, so two workers never send the same message; a worker
    killed mid-send rolls back and the message is sent again later (at least once).
    """
    from comments.models import OutboxMessage

    sent = failed = 0
    max_attempts = setting("MAIL_OUTBOX_MAX_ATTEMPTS")
    with transaction.atomic():
        due = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(status=OutboxMessage.Status.QUEUED, next_attempt_at__lte=timezone.now())
            .order_by("next_attempt_at", "pk")[:batch]
        )
        if not due:
            return 0, 0
        connection = get_connection(getattr(settings, "MAIL_OUTBOX_BACKEND", None), fail_silently=False)
        for row in due:
            row.attempts += 1
            try:
                as_email(row, connection).send(fail_silently=False)
            except Exception as exc:  # any transport error: log, and retry later
                _close_quietly(connection)
                row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                if row.attempts >= max_attempts:
                    row.status = OutboxMessage.Status.FAILED
                    logger.error("Gave up on email %s to %s after %s attempts: %s", row.pk, row.to, row.attempts, exc)
                else:
                    row.next_attempt_at = timezone.now() + retry_delay(row.attempts)
                    logger.warning(
                        "Email %s to %s failed (attempt %s), retrying at %s: %s",
                        row.pk,
                        row.to,
                        row.attempts,
                        row.next_attempt_at.isoformat(timespec="seconds"),
                        exc,
                    )
                failed += 1
            else:
                row.status, row.sent_at, row.last_error = OutboxMessage.Status.SENT, timezone.now(), ""
                logger.info("Sent email %s to %s", row.pk, row.to)
                sent += 1
            row.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at", "last_error"])
    return sent, failed


def _close_quietly(connection):
    try:
        connection.close()
    except Exception:  # a broken connection may fail to close; the next send opens a new one
        logger.debug("Closing the mail connection failed", exc_info=True)


def purge_sent(*, days=None):
    """Forget sent messages after ``MAIL_OUTBOX_KEEP_DAYS``: they hold readers' addresses."""
    from comments.models import OutboxMessage

    days = setting("MAIL_OUTBOX_KEEP_DAYS") if days is None else days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted, _ = OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT, sent_at__lt=cutoff).delete()
    return deleted
