"""Email through the task queue: the request queues a task, the worker sends it.

``QueuedEmailBackend`` is Django's email backend when ``MAIL_QUEUE`` is on, so every mail
(xtd's confirmations and follow-ups, our notices, allauth's) becomes an ``email_send`` task in
the same transaction as the change that caused it. The worker sends it with the backend that
``EMAIL_URL`` configures (``MAIL_QUEUE_BACKEND``); a failure is retried with growing delays
(``notifications.queue.run_with_retries``) and logged each time.
"""

import base64
import logging
import uuid
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from notifications.queue import enqueue

logger = logging.getLogger(__name__)

BACKEND = "notifications.mail.QueuedEmailBackend"


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        queued = 0
        for message in email_messages or []:
            if not message.recipients():
                continue
            enqueue("notifications.mail.email_send", message_as_dict(message), task_name="email")
            queued += 1
        return queued


def message_as_dict(message):
    """Everything needed to rebuild the message, as plain data (stored in the queue)."""
    return {
        "key": str(uuid.uuid4()),  # sent once: see SentMail
        "subject": str(message.subject)[:998],
        "from_email": str(message.from_email or settings.DEFAULT_FROM_EMAIL),
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        "body": str(message.body),
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": [_attachment(item) for item in message.attachments if not isinstance(item, MIMEBase)],
    }


def _attachment(item):
    filename, content, mimetype = item
    data = content.encode() if isinstance(content, str) else bytes(content)
    return [filename, base64.b64encode(data).decode(), mimetype]


def message_from_dict(data, connection):
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        connection=connection,
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, encoded, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(encoded), mimetype)
    return message


def sending_backend():
    backend = getattr(settings, "MAIL_QUEUE_BACKEND", "")
    if not backend or backend == BACKEND:
        raise ImproperlyConfigured("MAIL_QUEUE_BACKEND must be a real email backend (it comes from EMAIL_URL).")
    return backend


def email_send(data):
    """The task: hand one queued message to the real mail backend (raises on failure, so it is retried).

    A message whose key is recorded as sent is skipped: the task was handed out again after a
    worker died between sending it and recording the task's result.
    """
    from notifications.models import SentMail

    key = data.get("key")
    if key and SentMail.objects.filter(key=key).exists():
        logger.info("Email %r was sent before; not sending it again", data["subject"][:60])
        return "sent before"
    connection = get_connection(sending_backend(), fail_silently=False)
    message_from_dict(data, connection).send(fail_silently=False)
    if key:
        SentMail.objects.create(key=key)
    logger.info(
        "Sent email %r to %s recipient(s)", data["subject"][:60], len(data["to"]) + len(data["cc"]) + len(data["bcc"])
    )
    return "sent"
